// The patient app, opened from the QR code on a phone: sign in with an SMS code, say whether a priority
// category applies (the ones patients may declare; staff check them), choose a service, then follow the
// ticket live until called (full screen, vibration). ?service=OPD preselects a service.
(() => {
  "use strict";
  const { t, el, api, say, problemText, session, connectHub, showConnection } = window.qms;
  const login = session("patient");
  const chosenService = (new URLSearchParams(location.search).get("service") || "").trim().toUpperCase();
  const $ = id => document.getElementById(id);
  const state = { services: [], categories: [], category: "", tickets: [], updates: 0, hub: null, resendTimer: null };
  const dismissedCalls = new Set(JSON.parse(sessionStorage.getItem("qms.dismissedCalls") || "[]"));

  function show(view) {
    for (const id of ["phone-step", "code-step", "services-step", "tickets-step"]) $(id).hidden = id !== view;
    const focus = { "phone-step": "phone", "code-step": "code" }[view];
    if (focus) $(focus).focus();
  }

  // --- sign-in ---------------------------------------------------------------------------------
  async function submitPhone(event) {
    event.preventDefault();
    say("");
    const phone = $("phone").value.trim();
    if (!phone) return say(t("patient.phoneMissing"));
    if ($("name-field").hidden) {
      const check = await api(`/check_patient/?phone=${encodeURIComponent(phone)}`);
      if (!check.ok) return say(check.status === 400 ? t("patient.badPhone") : problemText(check));
      if (!check.data.exists) {
        $("name-field").hidden = false;
        $("name").focus();
        return say(t("patient.newHere"), "info");
      }
    }
    const name = $("name-field").hidden ? undefined : $("name").value.trim();
    if (name !== undefined && !name) return say(t("patient.nameMissing"));
    await sendCode(phone, name);
  }

  async function sendCode(phone, name) {
    const sent = await api("/send_otp/", { method: "POST", body: name ? { phone, name } : { phone } });
    if (!sent.ok) {
      return say(sent.status === 400 ? t("patient.badPhone") : sent.status === 429 ? t("patient.codeLimit", { seconds: sent.retryAfter ?? 60 }) : problemText(sent));
    }
    state.phone = phone;
    state.name = name;
    $("code-sent").textContent = t("patient.codeSent", { phone, minutes: Math.round(sent.data.expiresInSeconds / 60) });
    $("code").value = "";
    show("code-step");
    countDownResend(sent.data.resendAfterSeconds);
  }

  function countDownResend(seconds) {
    clearInterval(state.resendTimer);
    const button = $("resend");
    const until = Date.now() + seconds * 1000;
    const tick = () => {
      const left = Math.ceil((until - Date.now()) / 1000);
      button.disabled = left > 0;
      button.textContent = left > 0 ? t("patient.resendIn", { seconds: left }) : t("patient.resend");
      if (left <= 0) clearInterval(state.resendTimer);
    };
    tick();
    state.resendTimer = setInterval(tick, 1000);
  }

  async function submitCode(event) {
    event.preventDefault();
    say("");
    const code = $("code").value.trim();
    if (!/^\d{6}$/.test(code)) return say(t("patient.codeFormat"));
    const verified = await api("/verify_otp/", { method: "POST", body: { phone: state.phone, code } });
    if (verified.ok) {
      login.set(verified.data);
      return enter();
    }
    $("code").value = "";
    $("code").focus();
    if (verified.status === 400) {
      const left = verified.problem.attemptsLeft;
      return say(left > 1 ? t("patient.wrongCode", { left }) : left === 1 ? t("patient.wrongCodeLastTry") : t("patient.codeExpired"));
    }
    say(verified.status === 429 ? t("patient.lockedOut") : problemText(verified));
  }

  function signOut() {
    login.end();
    state.hub?.stop();
    state.hub = null;
    state.tickets = [];
    $("connection").hidden = true;
    $("name-field").hidden = true;
    show("phone-step");
  }

  // --- services and tickets --------------------------------------------------------------------
  async function enter() {
    say("");
    await Promise.all([loadServices(), loadCategories(), loadTickets()]);
    if (!login.get()) return;
    show(activeTickets().length ? "tickets-step" : "services-step");
    render();
    listen();
  }

  async function loadServices() {
    const services = await api("/api/services");
    if (services.ok) state.services = services.data;
  }

  async function loadCategories() {
    const categories = await api("/api/categories");
    if (categories.ok) state.categories = categories.data;
  }

  const categoryName = code => {
    const category = state.categories.find(known => known.code === code);
    return category ? (window.qms.language === "hi" ? category.nameHi : category.name) : code;
  };

  /** Today's tickets. A ticket_update that arrives during the fetch may be newer than its answer: then fetch again. */
  async function loadTickets() {
    const current = login.get();
    if (!current) return signOut();
    const updatesBefore = state.updates;
    const dashboard = await api("/patient_dashboard/", { token: current.accessToken });
    if (state.updates !== updatesBefore) return loadTickets();
    if (dashboard.status === 401) return signOut();
    if (!dashboard.ok) return say(problemText(dashboard));
    state.tickets = dashboard.data.tickets;
    for (const ticket of state.tickets) noticeCall(ticket);
  }

  const activeTickets = () => state.tickets.filter(ticket => ticket.status === "waiting" || ticket.status === "called");
  const serviceName = code => state.services.find(service => service.code === code)?.name || code;

  async function join(code) {
    say("");
    const current = login.get();
    if (!current) return signOut();
    const body = state.category ? { serviceCode: code, category: state.category } : { serviceCode: code };
    const joined = await api("/join_queue/", { method: "POST", body, token: current.accessToken, idempotent: true });
    if (joined.ok) {
      upsert(joined.data);
      show("tickets-step");
      return render();
    }
    if (joined.status === 401) return signOut();
    if (joined.status === 409) {
      await loadTickets();
      show("tickets-step");
      render();
      return say(t("patient.alreadyHave"), "info");
    }
    say(joined.status === 422 ? t("patient.closed") : joined.status === 404 ? t("patient.unknownService") : problemText(joined));
    await loadServices();
    render();
  }

  async function leave(ticket) {
    if (!confirm(t("patient.leaveConfirm", { id: ticket.queueId }))) return;
    const current = login.get();
    if (!current) return signOut();
    const cancelled = await api(`/api/tickets/${ticket.ticketId}/cancel`, { method: "POST", token: current.accessToken, idempotent: true });
    if (!cancelled.ok) return say(cancelled.status === 409 ? t("patient.cannotLeave") : problemText(cancelled));
    upsert(cancelled.data);
    say(t("patient.left"), "info");
    render();
  }

  function upsert(ticket) {
    const index = state.tickets.findIndex(known => known.ticketId === ticket.ticketId);
    if (index >= 0) state.tickets[index] = { ...state.tickets[index], ...ticket };
    else state.tickets.unshift(ticket);
  }

  function render() {
    renderCategories();
    renderServices();
    renderTickets();
  }

  /** The categories patients may declare, "No" first; the choice goes with the next join. */
  function renderCategories() {
    const declared = state.categories.filter(category => category.selfDeclared);
    if (!declared.some(category => category.code === state.category)) state.category = "";
    $("category-choice").hidden = declared.length === 0;
    const choice = (value, text) => el("label", {},
      el("input", { type: "radio", name: "category", value, checked: state.category === value, onchange: () => { state.category = value; } }), text);
    $("categories").replaceChildren(choice("", t("patient.priorityNone")), ...declared.map(category => choice(category.code, categoryName(category.code))));
  }

  function renderServices() {
    const holding = new Set(activeTickets().map(ticket => ticket.serviceCode));
    const services = [...state.services].sort((a, b) => (b.code === chosenService) - (a.code === chosenService));
    $("services").replaceChildren(...services.map(service => {
      const facts = window.qms.serviceFacts(service);
      return el("li", {},
        el("button", {
          type: "button",
          class: `service${service.code === chosenService ? " chosen" : ""}`,
          id: `service-${service.code}`,
          disabled: !service.open || holding.has(service.code),
          onclick: () => join(service.code),
        },
        el("span", { class: "name", text: service.name }),
        service.description ? el("span", { class: "facts", text: service.description }) : null,
        el("span", { class: "facts", text: holding.has(service.code) ? t("patient.youHaveOne") : facts })));
    }));
    if (!state.services.length) $("services").replaceChildren(el("li", { class: "card", text: t("patient.noServices") }));
  }

  function renderTickets() {
    const order = { called: 0, waiting: 1 };
    const tickets = [...state.tickets].sort((a, b) => (order[a.status] ?? 2) - (order[b.status] ?? 2));
    $("tickets").replaceChildren(...tickets.map(ticketCard));
  }

  function ticketCard(ticket) {
    const facts = window.qms.ticketFacts(ticket, ticket.category ? [[t("patient.category"), categoryName(ticket.category)]] : []);
    const steps = ticket.visitSteps || [];
    return el("section", { class: `card ticket ${ticket.status}`, id: `ticket-${ticket.ticketId}`, "aria-live": "polite" },
      steps.length && ticket.status === "waiting"
        ? el("p", { class: "moved", text: t("patient.goToService", { service: serviceName(ticket.serviceCode), position: ticket.position ?? "–" }) })
        : null,
      el("div", { class: "row" },
        el("span", { class: "grow muted", text: serviceName(ticket.serviceCode) }),
        el("span", { class: `badge ${ticket.status}`, text: t(`status.${ticket.status}`) })),
      el("p", { class: "queue-id", text: ticket.queueId }),
      facts.length ? el("dl", {}, facts.map(([name, value]) => [el("dt", { text: name }), el("dd", {}, value)])) : el("p", { class: "muted", text: t(`patient.finished.${ticket.status}`) }),
      steps.length ? el("div", { class: "steps" }, el("p", { class: "muted", text: t("patient.earlierSteps") }),
        el("ol", {}, steps.map(step => el("li", { text: t("patient.stepLeft", { service: serviceName(step.serviceCode), time: window.qms.time(step.leftAt) }) })))) : null,
      ticket.trackingUrl && ["waiting", "called"].includes(ticket.status)
        ? el("div", { class: "share" },
          el("p", { class: "muted", text: t("patient.shareTitle") }),
          el("p", { class: "row" },
            el("a", { class: "grow track-link", href: ticket.trackingUrl, target: "_blank", rel: "noopener", text: ticket.trackingUrl }),
            el("button", { type: "button", class: "secondary", onclick: () => share(ticket), text: t("patient.share") })))
        : null,
      ticket.status === "waiting" ? el("button", { type: "button", class: "secondary leave", onclick: () => leave(ticket), text: t("patient.leave") }) : null);
  }

  /** The ticket's tracking link to family: the phone's share sheet where there is one, else copied. */
  async function share(ticket) {
    if (navigator.share) {
      try {
        return await navigator.share({ title: ticket.queueId, url: ticket.trackingUrl });
      } catch {
        // dismissed, or sharing refused: copying still works
      }
    }
    try {
      await navigator.clipboard.writeText(ticket.trackingUrl);
      say(t("patient.copied"), "info");
    } catch {
      prompt(t("patient.shareTitle"), ticket.trackingUrl);
    }
  }

  // --- live ------------------------------------------------------------------------------------
  function listen() {
    if (state.hub) return;
    $("connection").hidden = false;
    state.hub = connectHub({
      token: () => login.get()?.accessToken ?? "",
      handlers: {
        ticket_update: ticket => {
          state.updates++;
          noticeMove(ticket);
          upsert(ticket);
          noticeCall(ticket);
          render();
        },
      },
      onState: connection => showConnection($("connection"), connection),
      onLive: async () => { await loadTickets(); render(); },
    });
  }

  /** A ticket that arrives in another service than the one it was in: the patient is told where to go, at once. */
  function noticeMove(ticket) {
    const known = state.tickets.find(existing => existing.ticketId === ticket.ticketId);
    if (!known || known.serviceCode === ticket.serviceCode || ticket.status !== "waiting") return;
    say(t("patient.movedTo", { id: ticket.queueId, service: serviceName(ticket.serviceCode), position: ticket.position ?? "–" }), "info");
    if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
  }

  function noticeCall(ticket) {
    if (ticket.status !== "called" || dismissedCalls.has(ticket.ticketId)) return;
    $("called-counter").textContent = t("patient.pleaseGo", { counter: ticket.counterName || "" });
    $("called-id").textContent = ticket.queueId;
    $("called").dataset.ticket = ticket.ticketId;
    $("called").hidden = false;
    $("called-ok").focus();
    if (navigator.vibrate) navigator.vibrate([400, 150, 400, 150, 800]);
  }

  function dismissCall() {
    dismissedCalls.add($("called").dataset.ticket);
    sessionStorage.setItem("qms.dismissedCalls", JSON.stringify([...dismissedCalls]));
    $("called").hidden = true;
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("phone-form").addEventListener("submit", submitPhone);
    $("code-form").addEventListener("submit", submitCode);
    $("resend").addEventListener("click", () => sendCode(state.phone, state.name));
    $("change-phone").addEventListener("click", () => { say(""); show("phone-step"); });
    $("join-another").addEventListener("click", () => { say(""); show("services-step"); render(); });
    $("sign-out").addEventListener("click", signOut);
    $("called-ok").addEventListener("click", dismissCall);
    $("phone").addEventListener("input", () => { $("name-field").hidden = true; });
    document.addEventListener("visibilitychange", async () => {
      if (document.visibilityState === "visible" && login.get()) { await loadTickets(); render(); }
    });
    document.addEventListener("qms:language", render);
    if (login.get()) enter(); else show("phone-step");
  });
})();
