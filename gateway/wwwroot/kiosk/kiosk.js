// The self-service kiosk at the entrance: touch a service, say whether a priority category applies,
// optionally key in a mobile number for SMS, and the ticket prints. It acts only with its device token
// (given once by an admin: typed in at set-up, or opened as /kiosk/#token=…, kept in this browser), which
// can do nothing but issue tickets. Left alone mid-way, it starts over.
(() => {
  "use strict";
  const { t, el, api, say, problemText } = window.qms;
  const $ = id => document.getElementById(id);
  const tokenKey = "qms.kiosk.token";
  const state = { services: [], categories: [], facility: { name: "", timeZone: "" }, service: null, category: null, phone: "", idle: null, busy: false };
  const steps = ["setup-step", "service-step", "category-step", "phone-step", "done-step"];
  const IdleSeconds = 60;
  const DoneSeconds = 20;

  function show(step) {
    for (const id of steps) $(id).hidden = id !== step;
    clearTimeout(state.idle);
    if (step !== "setup-step" && step !== "service-step") {
      state.idle = setTimeout(startOver, (step === "done-step" ? DoneSeconds : IdleSeconds) * 1000);
    }
  }

  function startOver() {
    say("");
    state.service = null;
    state.category = null;
    state.phone = "";
    loadServices();
    show("service-step");
  }

  const categoryName = category => (window.qms.language === "hi" ? category.nameHi : category.name);

  async function loadServices() {
    const result = await api("/api/services");
    if (!result.ok) return say(problemText(result));
    state.services = result.data;
    renderServices();
  }

  function renderServices() {
    $("services").replaceChildren(...state.services.map(service => el("button", {
      type: "button", id: `service-${service.code}`, class: service.open ? "" : "secondary", disabled: !service.open,
      onclick: () => chooseService(service.code),
    },
    el("span", { text: service.name }),
    el("span", { class: "facts", text: window.qms.serviceFacts(service) }))));
  }

  function chooseService(code) {
    say("");
    state.service = code;
    const declared = state.categories.filter(category => category.selfDeclared);
    if (declared.length === 0) return choosePhone();
    $("categories").replaceChildren(
      el("button", { type: "button", id: "category-none", onclick: () => chooseCategory(null), text: t("kiosk.none") }),
      ...declared.map(category => el("button", { type: "button", id: `category-${category.code}`, class: "secondary", onclick: () => chooseCategory(category.code), text: categoryName(category) })));
    show("category-step");
  }

  function chooseCategory(code) {
    state.category = code;
    choosePhone();
  }

  function choosePhone() {
    state.phone = "";
    renderPhone();
    show("phone-step");
  }

  function renderPhone() {
    $("phone-shown").textContent = state.phone || "—";
    $("print-with-phone").disabled = state.phone.length < 10;
  }

  function key(value) {
    show("phone-step"); // a touch is activity: the idle clock starts again
    if (value === "clear") state.phone = "";
    else if (value === "back") state.phone = state.phone.slice(0, -1);
    else if (state.phone.length < 13) state.phone += value;
    renderPhone();
  }

  async function issue(withPhone) {
    if (state.busy) return;
    state.busy = true;
    say("");
    try {
      const result = await api("/api/kiosk/tickets", {
        method: "POST", token: localStorage.getItem(tokenKey), idempotent: true,
        body: { serviceCode: state.service, phone: withPhone ? state.phone : null, category: state.category },
      });
      if (result.status === 401) return setUp(t("kiosk.badToken"));
      if (!result.ok) {
        return say(result.status === 429 ? t("kiosk.wait")
          : result.status === 409 ? t("reception.hasTicket")
          : result.status === 422 ? t("reception.closed")
          : result.problem?.field === "phone" ? t("reception.badPhone")
          : problemText(result));
      }
      const ticket = result.data;
      $("done-id").textContent = ticket.queueId;
      // Not "please go" yet: the patient waits until the number is called.
      $("done-counter").textContent = `${ticket.counterName ? `${t("slip.counter")}: ${ticket.counterName}` : t("slip.assigned")} · ${t("slip.wait")}`;
      show("done-step");
      await window.qms.printSlip(ticket, state);
    } finally {
      state.busy = false;
    }
  }

  function setUp(problem) {
    localStorage.removeItem(tokenKey);
    say(problem || "");
    show("setup-step");
    $("device-token").focus();
  }

  async function begin() {
    const [categories, facility] = await Promise.all([api("/api/categories"), api("/api/facility")]);
    if (categories.ok) state.categories = categories.data;
    if (facility.ok) {
      state.facility = facility.data;
      $("facility").removeAttribute("data-t");
      $("facility").textContent = facility.data.name;
    }
    startOver();
  }

  document.addEventListener("DOMContentLoaded", () => {
    // A link an admin opened on the kiosk once: the token is kept and leaves the address bar (and the history).
    const fromLink = new URLSearchParams(location.hash.slice(1)).get("token");
    if (fromLink) {
      localStorage.setItem(tokenKey, fromLink);
      history.replaceState(null, "", location.pathname + location.search);
    }
    $("setup-form").addEventListener("submit", event => {
      event.preventDefault();
      const token = $("device-token").value.trim();
      if (!token) return;
      localStorage.setItem(tokenKey, token);
      $("device-token").value = "";
      begin();
    });
    $("keypad").replaceChildren(...["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"].map(value => el("button", {
      type: "button", id: `key-${value}`, class: value.length > 1 ? "key-action" : "", onclick: () => key(value),
      text: value === "clear" ? t("kiosk.clear") : value === "back" ? "⌫" : value, "aria-label": value === "back" ? "Backspace" : null,
      dataset: value === "clear" ? { t: "kiosk.clear" } : undefined,
    })));
    document.querySelectorAll("button.back").forEach(button => button.addEventListener("click", startOver));
    $("print-with-phone").addEventListener("click", () => issue(true));
    $("print-without-phone").addEventListener("click", () => issue(false));
    $("done").addEventListener("click", startOver);
    document.addEventListener("qms:language", () => { renderServices(); if (!$("category-step").hidden) chooseService(state.service); });
    if (localStorage.getItem(tokenKey)) begin(); else setUp();
  });
})();
