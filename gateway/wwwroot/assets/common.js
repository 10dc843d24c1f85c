// What the patient, staff and admin pages share: texts in English and Hindi, calls to the gateway
// with problem details turned into messages, sessions kept in the browser, elements built as text
// only (never markup, so a name like "<script>" is shown as it is), and the live SignalR connection.
(() => {
  "use strict";

  const stored = localStorage.getItem("qms.lang");
  const asked = new URLSearchParams(location.search).get("lang");
  let language = (asked || stored || "en").toLowerCase().startsWith("hi") ? "hi" : "en";

  function t(key, values = {}) {
    const texts = window.qmsTexts || {};
    const text = (texts[language] && texts[language][key]) ?? (texts.en && texts.en[key]) ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
  }

  /** Fills every element marked data-t (text), data-t-label (aria-label) or data-t-placeholder. */
  function applyTexts(root = document) {
    document.documentElement.lang = language === "hi" ? "hi" : "en";
    root.querySelectorAll("[data-t]").forEach(node => { node.textContent = t(node.dataset.t); });
    root.querySelectorAll("[data-t-label]").forEach(node => node.setAttribute("aria-label", t(node.dataset.tLabel)));
    root.querySelectorAll("[data-t-placeholder]").forEach(node => node.setAttribute("placeholder", t(node.dataset.tPlaceholder)));
    const toggle = document.getElementById("language");
    if (toggle) {
      toggle.textContent = language === "hi" ? "English" : "हिन्दी";
      toggle.lang = language === "hi" ? "en" : "hi";
    }
  }

  function setLanguage(next) {
    language = next;
    localStorage.setItem("qms.lang", next);
    applyTexts();
    document.dispatchEvent(new CustomEvent("qms:language"));
  }

  /** Creates an element; children are nodes or strings (strings become text nodes). */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /**
   * A call to the gateway: { ok, status, data, problem, retryAfter }. Network failures become status 0.
   * `idempotent`: a command (join, call, skip…) sent with an Idempotency-Key; when its answer is lost on
   * the way (no network, 502, 504) it is sent again with the same key, and the server answers as it did
   * the first time instead of doing it twice.
   */
  async function api(path, { method = "GET", body, token, accept, idempotent = false } = {}) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    if (accept) headers.Accept = accept;
    if (idempotent) headers["Idempotency-Key"] = randomKey();
    for (let attempt = 1; ; attempt++) {
      const result = await send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const lost = result.status === 0 || result.status === 502 || result.status === 504;
      if (!idempotent || !lost || attempt === 3) return result;
      await new Promise(resolve => setTimeout(resolve, 700 * attempt));
    }
  }

  async function send(path, init) {
    let response;
    try {
      response = await fetch(path, init);
    } catch {
      return { ok: false, status: 0, problem: { title: t("error.network"), detail: t("error.network") } };
    }
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json().catch(() => null) : await response.text();
    const retryAfter = Number(response.headers.get("Retry-After")) || null;
    return response.ok
      ? { ok: true, status: response.status, data }
      : { ok: false, status: response.status, problem: data && typeof data === "object" ? data : { title: response.statusText }, retryAfter };
  }

  /** 128 random bits as hex (crypto.randomUUID needs HTTPS, which a hospital's intranet may not have). */
  function randomKey() {
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), byte => byte.toString(16).padStart(2, "0")).join("");
  }

  /** Calls made with a session's token; a 401 (token expired or revoked) runs onExpired. */
  function callerFor(login, onExpired) {
    return async (path, options = {}) => {
      const result = await api(path, { ...options, token: login.get()?.accessToken });
      if (result.status === 401) onExpired();
      return result;
    };
  }

  /**
   * Staff sign-in shared by the desk and the admin pages: builds the form in #login-step, keeps the
   * token in the session named `name`, lets only `roles` in (others are told `refused`), and returns
   * `call` (requests with the token; an expired one signs out) and `signOut`.
   */
  function staffSignIn({ name, title, roles, refused, onSignedIn, onSignedOut }) {
    const login = session(name);
    const field = (id, key, attributes) => [el("label", { for: id, dataset: { t: key }, text: t(key) }), el("input", { id, required: true, ...attributes })];
    const form = el("form", { novalidate: true },
      field("username", "staff.username", { autocomplete: "username" }),
      field("password", "staff.password", { type: "password", autocomplete: "current-password" }),
      el("p", {}, el("button", { id: "sign-in", type: "submit", dataset: { t: "staff.signIn" }, text: t("staff.signIn") })));
    document.getElementById("login-step").replaceChildren(el("h2", { dataset: { t: title }, text: t(title) }), form);

    function signOut() {
      login.end();
      onSignedOut();
    }

    form.addEventListener("submit", async event => {
      event.preventDefault();
      say("");
      const username = form.querySelector("#username").value.trim();
      const password = form.querySelector("#password");
      if (!username || !password.value) return say(t("staff.fillBoth"));
      const result = await api("/staff/login/", { method: "POST", body: { username, password: password.value } });
      password.value = "";
      if (!result.ok) return say(result.status === 401 ? t("staff.wrongLogin") : problemText(result));
      if (roles && !roles.includes(result.data.staff.role)) return say(t(refused));
      login.set(result.data);
      onSignedIn();
    });

    const call = callerFor(login, () => {
      signOut();
      say(t("staff.sessionEnded"));
    });
    return { login, call, signOut };
  }

  /** Shows a message in the page's #message box (an alert for errors, a status otherwise), empty hides it. */
  function say(text, kind = "error") {
    const box = document.getElementById("message");
    box.className = `message ${kind}`;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    box.textContent = text || "";
    if (text) box.scrollIntoView({ block: "nearest" });
  }

  /** The words to show for a failed call. */
  function problemText(result) {
    if (result.status === 0) return t("error.network");
    if (result.status === 429) return t("error.tooMany", { seconds: result.retryAfter ?? 60 });
    if (result.status === 503) return t("error.busy", { seconds: result.retryAfter ?? 5 });
    const problem = result.problem || {};
    const fields = problem.errors ? Object.entries(problem.errors).map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`) : [];
    return [problem.detail || problem.title || t("error.generic", { status: result.status }), ...fields].join(" ");
  }

  /** A token kept in localStorage, so a reload (or a phone that sleeps) keeps the person signed in. */
  function session(name) {
    const key = `qms.${name}`;
    return {
      get() {
        try {
          const value = JSON.parse(localStorage.getItem(key) || "null");
          return value && value.expiresAt > Date.now() + 5000 ? value : null;
        } catch {
          return null;
        }
      },
      set(login) {
        const value = { ...login, expiresAt: Date.now() + login.expiresInSeconds * 1000 };
        localStorage.setItem(key, JSON.stringify(value));
        return value;
      },
      clear() { localStorage.removeItem(key); },
      /** Signs out: forgets the token here and ends it at the server, so a copy of it left anywhere stops working too. */
      end() {
        const token = this.get()?.accessToken;
        localStorage.removeItem(key);
        if (token) fetch("/api/sign_out/", { method: "POST", headers: { Authorization: `Bearer ${token}` }, keepalive: true }).catch(() => {});
      },
    };
  }

  /**
   * The live connection to /hubs/queue with automatic reconnection. `service` filters the boards; `track`,
   * a ticket's tracking token, follows that ticket. handlers: the hub's client methods; onState(state) with
   * "live", "reconnecting" or "offline"; after each (re)connection onLive() runs so the page can fetch
   * anything it missed.
   */
  function connectHub({ service, track, token, handlers, onState, onLive }) {
    const params = new URLSearchParams();
    if (service) params.set("service", service);
    if (track) params.set("track", track);
    const query = params.size ? `?${params}` : "";
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(`/hubs/queue${query}`, token ? { accessTokenFactory: token } : {})
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => Math.min(30000, 1000 * 2 ** Math.min(context.previousRetryCount, 5)) })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    // Every client method the hub calls gets a handler, so pages name only those they use.
    const ignored = () => {};
    for (const name of ["initial_data", "queue_update", "counter_status_update", "patient_called", "ticket_update"]) {
      connection.on(name, handlers[name] || ignored);
    }
    let stopped = false;
    connection.onreconnecting(() => onState("reconnecting"));
    connection.onreconnected(() => { onState("live"); onLive(); });
    connection.onclose(() => {
      if (stopped) return;
      onState("offline");
      setTimeout(start, 5000);
    });
    async function start() {
      if (stopped) return;
      try {
        await connection.start();
        onState("live");
        onLive();
      } catch {
        onState("offline");
        setTimeout(start, 5000);
      }
    }
    start();
    return { stop() { stopped = true; return connection.stop(); } };
  }

  /** Shows the state of the live connection in an element (#connection by convention). */
  function showConnection(node, state) {
    node.textContent = t(`connection.${state}`);
    node.classList.toggle("down", state !== "live");
  }

  /** A service's line as /api/services tells it: closed, nobody waiting, or how many wait and for about how long. */
  function serviceFacts(service) {
    return !service.open ? t("patient.closedNow")
      : service.waiting === 0 ? t("patient.noWait")
      : t("patient.serviceFacts", { waiting: service.waiting, minutes: service.estimatedWaitMinutes ?? 0 });
  }

  /**
   * What a ticket's card lists, as [name, value] pairs: while waiting, the place, people ahead, counter and wait,
   * then `extra` pairs; once called, where to go; nothing after.
   */
  function ticketFacts(ticket, extra = []) {
    if (ticket.status === "waiting") {
      return [
        [t("patient.position"), el("span", { class: "big position", text: String(ticket.position ?? "–") })],
        [t("patient.ahead"), String(ticket.aheadOfYou ?? 0)],
        [t("patient.counter"), ticket.counterName || t("patient.counterSoon")],
        [t("patient.estimatedWait"), t("patient.minutes", { minutes: ticket.estimatedWaitMinutes ?? 0 })],
        ...extra,
      ];
    }
    return ticket.status === "called" ? [[t("patient.goTo"), el("span", { class: "big", text: ticket.counterName || "" })]] : [];
  }

  function time(value) {
    return value ? new Date(value).toLocaleTimeString(language === "hi" ? "hi-IN" : "en-IN", { hour: "2-digit", minute: "2-digit" }) : "";
  }

  document.addEventListener("DOMContentLoaded", () => {
    applyTexts();
    const toggle = document.getElementById("language");
    if (toggle) toggle.addEventListener("click", () => setLanguage(language === "hi" ? "en" : "hi"));
  });

  window.qms = { t, applyTexts, el, api, say, staffSignIn, problemText, session, connectHub, showConnection, serviceFacts, ticketFacts, time, get language() { return language; } };
})();
