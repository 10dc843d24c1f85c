// The reception desk: a clerk issues tickets for patients without a smartphone (service, name, an optional
// phone whose patient then gets the texts, any priority category after checking), and the slip prints at
// once; any ticket of today prints again by its number. The services show their lines and waits so the
// clerk can advise, refreshed every few seconds.
(() => {
  "use strict";
  const { t, el, say, staffSignIn, problemText, serviceFacts, time } = window.qms;
  const $ = id => document.getElementById(id);
  const state = { services: [], categories: [], facility: { name: "", timeZone: "" }, refresh: null, busy: false };

  const { login, call, signOut } = staffSignIn({
    name: "reception", title: "reception.login", roles: ["reception", "supervisor", "admin"], refused: "reception.refused", onSignedIn: enter, onSignedOut: leave,
  });

  function show(signedIn) {
    $("login-step").hidden = signedIn;
    $("desk").hidden = !signedIn;
    $("sign-out").hidden = !signedIn;
    if (!signedIn) $("username").focus();
  }

  function leave() {
    clearInterval(state.refresh);
    $("who").textContent = "";
    show(false);
  }

  async function enter() {
    const me = login.get().staff;
    $("who").textContent = `${me.username} · ${t(`role.${me.role}`)}`;
    const [categories, facility] = await Promise.all([call("/api/categories"), call("/api/facility")]);
    if (categories.ok) state.categories = categories.data;
    if (facility.ok) state.facility = facility.data;
    await loadServices();
    renderCategories();
    renderIssued();
    show(true);
    clearInterval(state.refresh);
    state.refresh = setInterval(loadServices, 15000);
  }

  const categoryName = category => (window.qms.language === "hi" ? category.nameHi : category.name);

  async function loadServices() {
    const result = await call("/api/services");
    if (!result.ok) return;
    state.services = result.data;
    renderServices();
  }

  function renderServices() {
    const chosen = document.querySelector("input[name=service]:checked")?.value;
    $("services").replaceChildren(...state.services.map(service => {
      return el("label", { id: `service-${service.code}` },
        el("input", { type: "radio", name: "service", value: service.code, disabled: !service.open, checked: service.code === chosen && service.open }),
        el("span", { class: "name", text: service.name }),
        el("span", { class: "facts", text: serviceFacts(service) }));
    }));
  }

  function renderCategories() {
    const chosen = $("category").value;
    $("category").replaceChildren(el("option", { value: "", text: t("reception.none") }),
      ...state.categories.map(category => el("option", { value: category.code, text: categoryName(category), selected: category.code === chosen })));
  }

  /** The tickets issued at this desk today, kept in this browser (the server prints any ticket again by its number). */
  const issuedKey = () => `qms.reception.issued.${new Date().toDateString()}`;
  const issuedToday = () => JSON.parse(localStorage.getItem(issuedKey()) || "[]");

  function remember(ticket) {
    const kept = [{ queueId: ticket.queueId, patientName: ticket.patientName, joinedAt: ticket.joinedAt }, ...issuedToday()].slice(0, 200);
    localStorage.setItem(issuedKey(), JSON.stringify(kept));
    renderIssued();
  }

  function renderIssued() {
    const kept = issuedToday();
    $("issued").replaceChildren(...(kept.length ? kept.map(ticket => el("tr", {},
      el("td", {}, el("strong", { text: ticket.queueId })),
      el("td", { text: ticket.patientName }),
      el("td", { text: time(ticket.joinedAt) }),
      el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => reprint(ticket.queueId), text: t("reception.print") }))))
      : [el("tr", {}, el("td", { colspan: 4, class: "muted", text: t("reception.noneToday") }))]));
  }

  const print = ticket => window.qms.printSlip(ticket, state);

  async function issue(event) {
    event.preventDefault();
    if (state.busy) return;
    say("");
    const serviceCode = document.querySelector("input[name=service]:checked")?.value;
    const name = $("name").value.trim();
    const phone = $("phone").value.trim();
    if (!serviceCode) return say(t("reception.chooseService"));
    if (!name) { $("name").focus(); return say(t("reception.nameMissing")); }
    state.busy = true;
    $("issue").disabled = true;
    try {
      const result = await call("/api/reception/tickets", {
        method: "POST", idempotent: true, body: { serviceCode, name, phone: phone || null, category: $("category").value || null },
      });
      if (!result.ok) {
        return say(result.status === 409 ? t("reception.hasTicket")
          : result.status === 422 ? t("reception.closed")
          : result.problem?.field === "phone" ? t("reception.badPhone")
          : problemText(result));
      }
      remember(result.data);
      say(t("reception.issued", { id: result.data.queueId, name: result.data.patientName }), "info");
      $("issue-form").reset();
      renderServices();
      await print(result.data);
      loadServices();
    } finally {
      state.busy = false;
      $("issue").disabled = false;
    }
  }

  async function reprint(queueId) {
    say("");
    const result = await call(`/api/reception/tickets/${encodeURIComponent(queueId.trim())}`);
    if (!result.ok) return say(result.status === 404 ? t("reception.notFound") : problemText(result));
    await print(result.data);
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("issue-form").addEventListener("submit", issue);
    $("find-form").addEventListener("submit", event => {
      event.preventDefault();
      const queueId = $("find-id").value.trim();
      if (queueId) reprint(queueId);
    });
    $("sign-out").addEventListener("click", signOut);
    document.addEventListener("qms:language", () => { renderServices(); renderCategories(); renderIssued(); });
    if (login.get()) enter(); else show(false);
  });
})();
