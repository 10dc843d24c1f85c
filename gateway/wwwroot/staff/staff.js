// The counter desk: an operator sees their own counter; supervisors and admins see every counter
// and open any of them. Call next, skip, recall, break (after saying how many patients will move),
// a waiting patient's category (set or cleared after checking, emergency included) and calling one
// out of turn, sending the patient at the counter (supervisors: any waiting one) on to another service
// with a note the next counter sees, each ticket's history, and live updates from the hub. One action at a time, so a double
// click never calls two patients.
(() => {
  "use strict";
  const { t, el, say, staffSignIn, problemText, connectHub, showConnection, time } = window.qms;
  const $ = id => document.getElementById(id);
  const state = { queue: null, counterId: null, categories: [], services: [], sending: null, hub: null, hubService: undefined, refresh: null, busy: false, requests: 0 };

  const staff = () => login.get()?.staff;
  const isOperator = () => staff()?.role === "operator";

  function show(view) {
    for (const id of ["login-step", "overview", "counter-view"]) $(id).hidden = id !== view;
    $("sign-out").hidden = view === "login-step";
    if (view === "login-step") $("username").focus();
  }

  // --- sign-in ---------------------------------------------------------------------------------
  const { login, call, signOut } = staffSignIn({
    name: "staff", title: "staff.login", roles: ["operator", "supervisor", "admin"], refused: "staff.receptionElsewhere", onSignedIn: enter, onSignedOut: leave,
  });

  function leave() {
    state.hub?.stop();
    state.hub = null;
    state.hubService = undefined;
    $("connection").hidden = true;
    $("who").textContent = "";
    show("login-step");
  }

  async function enter() {
    const me = staff();
    const [categories, services] = await Promise.all([call("/api/categories"), call("/api/services")]);
    if (categories.ok) state.categories = categories.data;
    if (services.ok) state.services = services.data;
    $("who").textContent = `${me.username} · ${t(`role.${me.role}`)}`;
    if (isOperator()) {
      if (me.counterId == null) return say(t("staff.noCounter"));
      return openCounter(me.counterId);
    }
    const wanted = Number(new URLSearchParams(location.search).get("counter"));
    return wanted ? openCounter(wanted) : openOverview();
  }

  // --- overview --------------------------------------------------------------------------------
  async function openOverview() {
    state.counterId = null;
    listen(null);
    await loadOverview();
    show("overview");
  }

  async function loadOverview() {
    const request = ++state.requests;
    const result = await call("/api/staff/counters");
    if (request !== state.requests) return; // a newer view was asked for meanwhile
    if (!result.ok) return say(problemText(result));
    $("counters").replaceChildren(...result.data.map(counter => el("tr", { id: `overview-${counter.id}` },
      el("td", { text: counter.name }),
      el("td", { text: counter.serviceCode }),
      el("td", {}, el("span", { class: `badge ${counter.status}`, text: t(`status.${counter.status}`) })),
      el("td", {}, counter.serving ? [el("strong", { text: counter.serving.queueId }), " ", counter.serving.patientName] : "—"),
      el("td", { text: String(counter.queueLength) }),
      el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => openCounter(counter.id), text: t("staff.open") })))));
  }

  // --- one counter -----------------------------------------------------------------------------
  async function openCounter(counterId) {
    state.counterId = counterId;
    $("back").hidden = isOperator();
    await loadQueue();
  }

  async function loadQueue() {
    if (state.counterId == null) return;
    const request = ++state.requests;
    const result = await call(`/api/staff/counters/${state.counterId}/queue`);
    if (request !== state.requests) return; // a newer view was asked for meanwhile: it renders
    if (!result.ok) return say(problemText(result));
    state.queue = result.data;
    renderQueue();
    listen(state.queue.counter.serviceCode);
    show("counter-view");
  }

  function renderQueue() {
    const { counter, current, waiting, skipped = [] } = state.queue;
    $("counter-name").textContent = counter.name;
    $("counter-status").className = `badge ${counter.status}`;
    $("counter-status").textContent = t(`status.${counter.status}`);
    $("counter-facts").textContent = t("staff.counterFacts", { service: counter.serviceCode, start: counter.startTime, end: counter.endTime });
    $("current-id").textContent = current ? current.queueId : "—";
    $("current-name").textContent = current ? current.patientName : t("staff.nobody");
    $("current-from").hidden = !current?.transferredFrom;
    $("current-from").textContent = current?.transferredFrom ? fromText(current) : "";
    $("waiting-count").textContent = String(waiting.length);
    const canCall = !state.busy && counter.status !== "closed" && counter.status !== "break";
    $("waiting").replaceChildren(...waiting.map(ticket => el("tr", { id: `waiting-${ticket.ticketId}`, class: ticket.category ? "has-category" : null },
      el("td", { text: String(ticket.position) }),
      el("td", {}, el("strong", { text: ticket.queueId })),
      el("td", {}, ticket.patientName, ticket.transferredFrom ? el("div", { class: "muted from", text: fromText(ticket) }) : null),
      el("td", {}, categorySelect(ticket)),
      el("td", { text: time(ticket.joinedAt) }),
      el("td", { class: "row" },
        el("button", { type: "button", class: "secondary call-this", disabled: !canCall, onclick: () => callThis(ticket), text: t("staff.callThis"), "aria-label": t("staff.callThisOf", { id: ticket.queueId }) }),
        isOperator() ? null : el("button", { type: "button", class: "secondary send-this", disabled: state.busy, onclick: () => askSend(ticket), text: t("staff.sendTo"), "aria-label": t("staff.sendToOf", { id: ticket.queueId }) }),
        historyButton(ticket)))));
    if (!waiting.length) $("waiting").replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "muted", text: t("staff.emptyLine") })));
    $("skipped").replaceChildren(...skipped.map(ticket => el("tr", { id: `skipped-${ticket.ticketId}` },
      el("td", {}, el("strong", { text: ticket.queueId })),
      el("td", { text: ticket.patientName }),
      el("td", { text: time(ticket.finishedAt) }),
      el("td", { class: "row" },
        el("button", { type: "button", class: "secondary recall", onclick: () => recall(ticket), text: t("staff.recall") }),
        historyButton(ticket)))));
    const open = counter.status !== "closed";
    $("call-next").disabled = state.busy || !open || counter.status === "break";
    $("skip").disabled = state.busy || !current;
    $("send-current").disabled = state.busy || !current;
    $("set-break").hidden = counter.status === "break" || !open;
    $("set-available").hidden = counter.status !== "break";
  }

  const serviceName = code => state.services.find(service => service.code === code)?.name || code;

  const fromText = ticket => [t("staff.from", { service: serviceName(ticket.transferredFrom) }), ticket.transferNote].filter(Boolean).join(": ");

  /** Where to send a patient: the other services open now, the place in their line, and a note for the next counter. */
  function askSend(ticket) {
    state.sending = ticket;
    $("send-title").textContent = t("staff.sendTitle", { id: ticket.queueId });
    $("send-service").replaceChildren(...state.services.filter(service => service.code !== ticket.serviceCode)
      .map(service => el("option", { value: service.code, disabled: !service.open, text: service.name })));
    $("send-placement").value = "end";
    $("send-note").value = "";
    $("send-dialog").showModal();
  }

  const send = () => act(async () => {
    const ticket = state.sending;
    const body = { serviceCode: $("send-service").value, placement: $("send-placement").value, note: $("send-note").value.trim() || null };
    const result = await call(`/api/staff/tickets/${ticket.ticketId}/transfer`, { method: "POST", body, idempotent: true });
    if (!result.ok) return say(result.status === 422 ? t("staff.sendClosed") : result.status === 409 ? t("staff.sendHeld") : problemText(result));
    say(t("staff.sent", { id: ticket.queueId, service: serviceName(result.data.serviceCode), position: result.data.position ?? "–" }), "info");
  });

  const categoryName = category => (window.qms.language === "hi" ? category.nameHi : category.name);

  /** The patient's category as checked at the counter: regular, or one of the list (a category no longer listed stays shown). */
  function categorySelect(ticket) {
    const known = state.categories.some(category => category.code === ticket.category);
    return el("select", { class: "category", disabled: state.busy, "aria-label": t("staff.categoryOf", { id: ticket.queueId }), onchange: event => setCategory(ticket, event.target.value || null) },
      el("option", { value: "", text: t("staff.regular"), selected: !ticket.category }),
      ticket.category && !known ? el("option", { value: ticket.category, text: ticket.category, selected: true }) : null,
      state.categories.map(category => el("option", { value: category.code, text: categoryName(category), selected: ticket.category === category.code })));
  }

  function historyButton(ticket) {
    return el("button", { type: "button", class: "secondary history", onclick: () => showHistory(ticket), text: t("staff.history"), "aria-label": t("staff.historyOf", { id: ticket.queueId }) });
  }

  /** One staff action at a time; the line is fetched again afterwards whatever happened. */
  async function act(work) {
    if (state.busy) return;
    state.busy = true;
    renderQueue();
    say("");
    try {
      await work();
    } finally {
      state.busy = false;
      await loadQueue();
    }
  }

  const callNext = () => act(async () => {
    const result = await call("/staff/serve_next/", { method: "POST", body: { counterId: state.counterId }, idempotent: true });
    if (!result.ok) return say(problemText(result));
    say(result.data.called ? t("staff.called", { id: result.data.called.queueId }) : t("staff.nobodyWaiting"), "info");
  });

  const skip = () => act(async () => {
    const result = await call("/staff/skip_patient/", { method: "POST", body: { counterId: state.counterId }, idempotent: true });
    if (!result.ok) return say(result.status === 409 ? t("staff.nobodyToSkip") : problemText(result));
    say(t("staff.skippedOne", { id: result.data.skipped.queueId }), "info");
  });

  const recall = ticket => act(async () => {
    const result = await call(`/api/staff/tickets/${ticket.ticketId}/recall`, { method: "POST", idempotent: true });
    if (!result.ok) return say(result.status === 409 ? t("staff.cannotRecall") : problemText(result));
    say(t("staff.recalled", { id: ticket.queueId }), "info");
  });

  const setCategory = (ticket, category) => act(async () => {
    const result = await call(`/api/staff/tickets/${ticket.ticketId}/category`, { method: "POST", body: { category }, idempotent: true });
    if (!result.ok) return say(result.status === 409 ? t("staff.notWaiting") : problemText(result));
    const chosen = state.categories.find(known => known.code === category);
    say(t("staff.categorySet", { id: ticket.queueId, category: chosen ? categoryName(chosen) : t("staff.regular") }), "info");
  });

  const callThis = ticket => act(async () => {
    const result = await call(`/api/staff/tickets/${ticket.ticketId}/call`, { method: "POST", body: { counterId: state.counterId }, idempotent: true });
    if (!result.ok) return say(result.status === 409 ? t("staff.notWaiting") : problemText(result));
    say(t("staff.called", { id: result.data.called.queueId }), "info");
  });

  const setStatus = status => act(async () => {
    const result = await call("/staff/update_status/", { method: "POST", body: { counterId: state.counterId, status }, idempotent: true });
    if (!result.ok) return say(problemText(result));
    say(status === "break" ? t("staff.breakStarted", { moved: result.data.redistributed }) : t("staff.backOpen"), "info");
  });

  /** Before a break: how many waiting patients move, and whether another counter of the service can take them. */
  async function askBreak() {
    const waiting = state.queue.waiting.length;
    const counters = await call("/api/staff/counters");
    const others = counters.ok
      ? counters.data.filter(c => c.serviceCode === state.queue.counter.serviceCode && c.id !== state.counterId && (c.status === "available" || c.status === "busy")).length
      : 0;
    $("break-text").textContent = waiting === 0
      ? t("staff.breakNobody")
      : others > 0 ? t("staff.breakMoves", { count: waiting, others }) : t("staff.breakPool", { count: waiting });
    $("break-dialog").showModal();
  }

  async function showHistory(ticket) {
    const result = await call(`/api/staff/tickets/${ticket.ticketId}/history`);
    if (!result.ok) return say(problemText(result));
    $("history-title").textContent = t("staff.historyOf", { id: ticket.queueId });
    $("history-events").replaceChildren(...result.data.events.map(event => el("li", {},
      el("strong", { text: time(event.at) }), " ", event.type,
      event.counterId != null ? ` · ${t("staff.counter")} ${event.counterId}` : "",
      event.by ? ` · ${event.by}` : "",
      event.detail ? ` · ${event.detail}` : "")));
    $("history-dialog").showModal();
  }

  // --- live ------------------------------------------------------------------------------------
  /**
   * Any change at the counters being looked at fetches the view again: at most one fetch per 150 ms, and
   * never postponed by later changes (a busy hall sends changes more often than that).
   */
  function scheduleRefresh() {
    if (state.refresh) return;
    state.refresh = setTimeout(() => {
      state.refresh = null;
      return state.counterId == null ? loadOverview() : loadQueue();
    }, 150);
  }

  function listen(service) {
    if (state.hub && state.hubService === service) return;
    state.hub?.stop();
    state.hubService = service;
    $("connection").hidden = false;
    const refresh = () => scheduleRefresh();
    state.hub = connectHub({
      service,
      handlers: { initial_data: () => {}, queue_update: refresh, counter_status_update: refresh, patient_called: refresh },
      onState: connection => showConnection($("connection"), connection),
      onLive: refresh,
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-out").addEventListener("click", signOut);
    $("back").addEventListener("click", openOverview);
    $("call-next").addEventListener("click", callNext);
    $("skip").addEventListener("click", skip);
    $("set-available").addEventListener("click", () => setStatus("available"));
    $("set-break").addEventListener("click", askBreak);
    $("break-cancel").addEventListener("click", () => $("break-dialog").close());
    $("break-confirm").addEventListener("click", () => { $("break-dialog").close(); setStatus("break"); });
    $("history-close").addEventListener("click", () => $("history-dialog").close());
    $("send-current").addEventListener("click", () => { if (state.queue?.current) askSend(state.queue.current); });
    $("send-cancel").addEventListener("click", () => $("send-dialog").close());
    $("send-form").addEventListener("submit", event => { event.preventDefault(); $("send-dialog").close(); send(); });
    document.addEventListener("qms:language", () => { if (login.get()) enter(); });
    if (login.get()) enter(); else show("login-step");
  });
})();
