// The page a printed ticket's QR code (or a link a patient shares) opens: /t/{tracking token}. It follows
// that one ticket live without signing in: place in line, counter, the wait, and a full-screen call.
(() => {
  "use strict";
  const { t, el, api, say, problemText, connectHub, showConnection, ticketFacts } = window.qms;
  const $ = id => document.getElementById(id);
  const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
  const state = { ticket: null, services: [], facility: null, calledShown: null };

  const serviceName = code => state.services.find(service => service.code === code)?.name || code;

  async function load() {
    const result = await api(`/api/track/${encodeURIComponent(token)}`);
    if (result.status === 404) {
      state.ticket = null;
      $("ticket").replaceChildren();
      $("hint").hidden = true;
      return say(t("track.notFound"));
    }
    if (!result.ok) return say(problemText(result));
    say("");
    show(result.data);
  }

  function show(ticket) {
    // A pushed ticket lacks who is being served now: keep the last one known until the next read.
    state.ticket = { ...state.ticket, ...ticket };
    render();
    if (ticket.status === "called" && state.calledShown !== ticket.calledAt) {
      state.calledShown = ticket.calledAt;
      $("called-counter").textContent = t("patient.pleaseGo", { counter: ticket.counterName || "" });
      $("called-id").textContent = ticket.queueId;
      $("called").hidden = false;
      $("called-ok").focus();
      if (navigator.vibrate) navigator.vibrate([400, 150, 400, 150, 800]);
    }
  }

  /** A push says the ticket moved: shown at once, then read again for who is being served now (once per burst). */
  let reading = null;
  function pushed(ticket) {
    show(ticket);
    clearTimeout(reading);
    reading = setTimeout(load, 400);
  }

  function render() {
    const ticket = state.ticket;
    if (!ticket) return;
    const facts = ticketFacts(ticket, ticket.nowServing ? [[t("track.nowServing"), ticket.nowServing]] : []);
    $("ticket").replaceChildren(el("section", { class: `card ticket ${ticket.status}`, id: "tracked", "aria-live": "polite" },
      el("div", { class: "row" },
        el("span", { class: "grow muted", text: serviceName(ticket.serviceCode) }),
        el("span", { class: `badge ${ticket.status}`, text: t(`status.${ticket.status}`) })),
      el("p", { class: "queue-id", text: ticket.queueId }),
      el("p", { class: "muted", text: ticket.patientName }),
      facts.length
        ? el("dl", {}, facts.map(([name, value]) => [el("dt", { text: name }), el("dd", {}, value)]))
        : el("p", { class: "muted", text: t(`patient.finished.${ticket.status}`) })));
    $("hint").hidden = !["waiting", "called"].includes(ticket.status);
  }

  document.addEventListener("DOMContentLoaded", async () => {
    $("called-ok").addEventListener("click", () => { $("called").hidden = true; });
    document.addEventListener("qms:language", render);
    const [services, facility] = await Promise.all([api("/api/services"), api("/api/facility")]);
    if (services.ok) state.services = services.data;
    if (facility.ok) {
      $("facility").removeAttribute("data-t");
      $("facility").textContent = facility.data.name;
      document.title = `${facility.data.name} – ${t("track.title")}`;
    }
    await load();
    if (!state.ticket) return;
    $("connection").hidden = false;
    // The hub sends initial_data once this connection follows the ticket: read it then, so no change falls between.
    connectHub({
      service: state.ticket.serviceCode,
      track: token,
      handlers: { ticket_update: pushed, initial_data: load },
      onState: connection => showConnection($("connection"), connection),
      onLive: () => {},
    });
    // A phone that slept missed pushes: read the ticket again when it is looked at.
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") load(); });
  });
})();
