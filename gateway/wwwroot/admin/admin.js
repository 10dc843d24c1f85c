// Administration: services (with their printable QR posters and priority mix), counters, the categories
// of priority patients, staff accounts, kiosks (registered with a device token shown once, revoked), and the
// day's reports as tables, charts and CSV. Administrators only.
(() => {
  "use strict";
  const { t, el, say, staffSignIn, problemText } = window.qms;
  const $ = id => document.getElementById(id);
  const WEEK = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const TABS = ["services", "counters", "categories", "staff", "kiosks", "reports"];
  const state = { services: [], counters: [], staff: [], categories: [], editing: {}, charts: {}, tab: "services", reportRequest: 0 };

  // --- sign-in ---------------------------------------------------------------------------------
  const { login, call, signOut } = staffSignIn({ name: "admin", title: "admin.login", roles: ["admin"], refused: "admin.onlyAdmins", onSignedIn: enter, onSignedOut: leave });

  function leave() {
    $("workspace").hidden = true;
    $("sign-out").hidden = true;
    $("who").textContent = "";
    $("login-step").hidden = false;
    $("username").focus();
  }

  async function enter() {
    $("login-step").hidden = true;
    $("workspace").hidden = false;
    $("sign-out").hidden = false;
    $("who").textContent = login.get().staff.username;
    await Promise.all([loadServices(), loadCounters(), loadCategories(), loadStaff(), loadKiosks()]);
    openTab(state.tab);
  }

  function openTab(name) {
    state.tab = name;
    for (const tab of TABS) {
      if (tab === name) $(`tab-${tab}`).setAttribute("aria-current", "page");
      else $(`tab-${tab}`).removeAttribute("aria-current");
      $(`${tab}-panel`).hidden = tab !== name;
    }
    if (name === "reports") showReport();
  }

  /** Saves a form: POST when new, PUT when editing; then reloads the list and clears the form. */
  async function save(kind, path, key, body, reload) {
    say("");
    const editing = state.editing[kind];
    const result = await call(editing == null ? path : `${path}/${encodeURIComponent(editing)}`, { method: editing == null ? "POST" : "PUT", body });
    if (!result.ok) return say(problemText(result));
    say(t("admin.saved", { name: result.data[key] }), "info");
    await reload();
    return result.data;
  }

  function editButton(onclick) {
    return el("button", { type: "button", class: "secondary", onclick, text: t("admin.edit") });
  }

  // --- services --------------------------------------------------------------------------------
  async function loadServices() {
    const result = await call("/api/admin/services");
    if (!result.ok) return say(problemText(result));
    state.services = result.data;
    $("services").replaceChildren(...state.services.map(service => el("tr", { id: `service-row-${service.code}` },
      el("td", {}, el("strong", { text: service.code })),
      el("td", {}, service.name, el("div", { class: "muted", text: service.description })),
      el("td", { text: service.weekDays.join(" ") }),
      el("td", { text: t("admin.mixFacts", { run: service.priorityRun, target: service.targetWaitMinutes }) }),
      el("td", { text: service.isActive ? t("admin.yes") : t("admin.no") }),
      el("td", { class: "row" },
        editButton(() => editService(service)),
        el("a", { class: "button secondary", href: `poster.html?service=${encodeURIComponent(service.code)}`, target: "_blank", text: t("admin.poster") })))));
    const options = () => state.services.map(service => el("option", { value: service.code, text: `${service.code} – ${service.name}` }));
    $("counter-service").replaceChildren(...options());
    $("report-service").replaceChildren(el("option", { value: "", text: t("admin.allServices") }), ...options());
  }

  function editService(service) {
    state.editing.service = service?.code ?? null;
    $("service-form-title").textContent = service ? t("admin.editing", { name: service.code }) : t("admin.newService");
    $("service-code").value = service?.code ?? "";
    $("service-code").readOnly = !!service;
    $("service-name").value = service?.name ?? "";
    $("service-description").value = service?.description ?? "";
    $("service-active").checked = service?.isActive ?? true;
    $("service-run").value = service?.priorityRun ?? 2;
    $("service-target").value = service?.targetWaitMinutes ?? 30;
    $("service-days").replaceChildren(...WEEK.map(day => el("label", {},
      el("input", { type: "checkbox", value: day, checked: !service || service.weekDays.includes(day) }), t(`day.${day}`))));
    if (service) $("service-name").focus();
  }

  async function submitService(event) {
    event.preventDefault();
    const body = {
      code: $("service-code").value.trim().toUpperCase(),
      name: $("service-name").value.trim(),
      description: $("service-description").value.trim(),
      weekDays: [...$("service-days").querySelectorAll("input:checked")].map(box => box.value),
      isActive: $("service-active").checked,
      priorityRun: Number($("service-run").value),
      targetWaitMinutes: Number($("service-target").value),
    };
    if (await save("service", "/api/admin/services", "code", body, loadServices)) editService(null);
  }

  // --- counters --------------------------------------------------------------------------------
  async function loadCounters() {
    const result = await call("/api/admin/counters");
    if (!result.ok) return say(problemText(result));
    state.counters = result.data;
    $("counters").replaceChildren(...state.counters.map(counter => el("tr", { id: `counter-row-${counter.id}` },
      el("td", { text: String(counter.id) }),
      el("td", { text: counter.name }),
      el("td", { text: counter.serviceCode }),
      el("td", { text: `${counter.startTime}–${counter.endTime}` }),
      el("td", {}, el("span", { class: `badge ${counter.status}`, text: t(`status.${counter.status}`) })),
      el("td", {}, editButton(() => editCounter(counter))))));
    $("staff-counter").replaceChildren(el("option", { value: "", text: t("admin.noCounter") }),
      ...state.counters.map(counter => el("option", { value: counter.id, text: `${counter.id} – ${counter.name}` })));
  }

  function editCounter(counter) {
    state.editing.counter = counter?.id ?? null;
    $("counter-form-title").textContent = counter ? t("admin.editing", { name: counter.name }) : t("admin.newCounter");
    $("counter-name").value = counter?.name ?? "";
    if (counter) $("counter-service").value = counter.serviceCode;
    $("counter-start").value = counter?.startTime ?? "09:00";
    $("counter-end").value = counter?.endTime ?? "17:00";
    if (counter) $("counter-name").focus();
  }

  async function submitCounter(event) {
    event.preventDefault();
    const body = { name: $("counter-name").value.trim(), serviceCode: $("counter-service").value, startTime: $("counter-start").value, endTime: $("counter-end").value.trim() };
    if (await save("counter", "/api/admin/counters", "name", body, loadCounters)) editCounter(null);
  }

  // --- categories ------------------------------------------------------------------------------
  async function loadCategories() {
    const result = await call("/api/admin/categories");
    if (!result.ok) return say(problemText(result));
    state.categories = result.data;
    renderCategories();
  }

  /** The list as editable rows; saved as a whole. */
  function renderCategories() {
    $("categories").replaceChildren(...state.categories.map((category, index) => {
      const field = (name, props) => el("input", { ...props, value: category[name] ?? "", oninput: event => { category[name] = event.target.value; } });
      return el("tr", { id: `category-row-${index}` },
        el("td", {}, field("code", { maxlength: 16, required: true, autocapitalize: "characters", "aria-label": t("admin.code") })),
        el("td", {}, field("name", { maxlength: 60, required: true, "aria-label": t("admin.name") })),
        el("td", {}, field("nameHi", { maxlength: 60, lang: "hi", "aria-label": t("admin.nameHi") })),
        el("td", {}, el("select", { "aria-label": t("admin.level"), onchange: event => { category.level = event.target.value; } },
          ["emergency", "priority"].map(level => el("option", { value: level, text: t(`level.${level}`), selected: category.level === level })))),
        el("td", {}, el("input", { type: "checkbox", checked: category.selfDeclared, "aria-label": t("admin.selfDeclared"), onchange: event => { category.selfDeclared = event.target.checked; } })),
        el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => { state.categories.splice(index, 1); renderCategories(); }, text: t("admin.remove") })));
    }));
  }

  async function submitCategories(event) {
    event.preventDefault();
    say("");
    const body = state.categories.map(c => ({ code: c.code.trim().toUpperCase(), name: c.name.trim(), nameHi: (c.nameHi || "").trim(), level: c.level, selfDeclared: !!c.selfDeclared }));
    const result = await call("/api/admin/categories", { method: "PUT", body });
    if (!result.ok) return say(problemText(result));
    state.categories = result.data;
    renderCategories();
    say(t("admin.categoriesSaved"), "info");
  }

  // --- staff -----------------------------------------------------------------------------------
  async function loadStaff() {
    const result = await call("/api/admin/staff");
    if (!result.ok) return say(problemText(result));
    state.staff = result.data;
    $("staff").replaceChildren(...state.staff.map(account => el("tr", { id: `staff-row-${account.username}` },
      el("td", { text: account.username }),
      el("td", { text: t(`role.${account.role}`) }),
      el("td", { text: account.counterId == null ? "—" : String(account.counterId) }),
      el("td", { text: account.isActive ? t("admin.yes") : t("admin.no") }),
      el("td", {}, editButton(() => editStaff(account))))));
  }

  function editStaff(account) {
    state.editing.staff = account?.username ?? null;
    $("staff-form-title").textContent = account ? t("admin.editing", { name: account.username }) : t("admin.newStaff");
    $("staff-username").value = account?.username ?? "";
    $("staff-username").readOnly = !!account;
    $("staff-password").value = "";
    $("staff-role").value = account?.role ?? "operator";
    $("staff-counter").value = account?.counterId ?? "";
    $("staff-active").checked = account?.isActive ?? true;
    if (account) $("staff-role").focus();
  }

  async function submitStaff(event) {
    event.preventDefault();
    const password = $("staff-password").value;
    const counter = $("staff-counter").value;
    const body = {
      username: $("staff-username").value.trim(),
      role: $("staff-role").value,
      counterId: counter ? Number(counter) : null,
      isActive: $("staff-active").checked,
      ...(password ? { password } : {}),
    };
    if (await save("staff", "/api/admin/staff", "username", body, loadStaff)) editStaff(null);
  }

  // --- kiosks ----------------------------------------------------------------------------------
  async function loadKiosks() {
    const result = await call("/api/admin/kiosks");
    if (!result.ok) return say(problemText(result));
    $("kiosks").replaceChildren(...(result.data.length ? result.data.map(kiosk => el("tr", { id: `kiosk-row-${kiosk.id}` },
      el("td", { text: kiosk.name }),
      el("td", { text: `${new Date(kiosk.registeredAt).toLocaleString(window.qms.language === "hi" ? "hi-IN" : "en-IN")} · ${kiosk.registeredBy}` }),
      el("td", {}, el("button", { type: "button", class: "danger", onclick: () => revokeKiosk(kiosk), text: t("admin.revoke") }))))
      : [el("tr", {}, el("td", { colspan: 3, class: "muted", text: t("admin.noKiosks") }))]));
  }

  async function registerKiosk(event) {
    event.preventDefault();
    say("");
    const result = await call("/api/admin/kiosks", { method: "POST", body: { name: $("kiosk-name").value.trim() } });
    if (!result.ok) return say(problemText(result));
    // The only time the token is shown: the kiosk keeps it once this link is opened on it.
    const link = `${location.origin}/kiosk/#token=${encodeURIComponent(result.data.deviceToken)}`;
    $("kiosk-token-text").textContent = t("admin.kioskToken", { name: result.data.name });
    $("kiosk-token-value").textContent = result.data.deviceToken;
    $("kiosk-token-link").textContent = link;
    $("kiosk-token-link").href = link;
    $("kiosk-token").hidden = false;
    $("kiosk-name").value = "";
    await loadKiosks();
  }

  async function revokeKiosk(kiosk) {
    if (!confirm(t("admin.revokeConfirm", { name: kiosk.name }))) return;
    const result = await call(`/api/admin/kiosks/${kiosk.id}`, { method: "DELETE" });
    if (!result.ok && result.status !== 404) return say(problemText(result));
    $("kiosk-token").hidden = true;
    await loadKiosks();
  }

  // --- reports ---------------------------------------------------------------------------------
  function reportQuery() {
    // No date chosen yet: the server answers for the facility's today (in its time zone, not the browser's).
    const query = new URLSearchParams({ target: $("report-target").value || "30" });
    if ($("report-date").value) query.set("date", $("report-date").value);
    if ($("report-service").value) query.set("service", $("report-service").value);
    return query;
  }

  async function showReport(event) {
    event?.preventDefault();
    say("");
    const request = ++state.reportRequest;
    const result = await call(`/api/reports/daily?${reportQuery()}`);
    if (request !== state.reportRequest) return; // a newer request was made meanwhile: its answer is the one to show
    if (!result.ok) return say(problemText(result));
    const report = result.data;
    if (!$("report-date").value) $("report-date").value = report.date;
    const minutes = value => (value == null ? "—" : t("admin.min", { value: value.toFixed(1) }));
    const percent = value => (value == null ? "—" : `${(value * 100).toFixed(0)} %`);
    $("report-services").replaceChildren(...report.services.map(s => el("tr", {},
      el("td", {}, el("strong", { text: s.serviceCode })),
      el("td", { text: String(s.joined) }), el("td", { text: String(s.served) }), el("td", { text: String(s.noShows) }),
      el("td", { text: percent(s.noShowRate) }), el("td", { text: minutes(s.averageWaitMinutes) }),
      el("td", { text: percent(s.shareOfWaitsAboveTarget) }), el("td", { text: minutes(s.averageServiceMinutes) }))));
    if (!report.services.length) $("report-services").replaceChildren(el("tr", {}, el("td", { colspan: 8, class: "muted", text: t("admin.noData") })));
    const categoryName = code => {
      const category = state.categories.find(known => known.code === code);
      return code === "regular" ? t("staff.regular") : category ? (window.qms.language === "hi" ? category.nameHi : category.name) : code;
    };
    $("report-categories").replaceChildren(...report.categories.map(c => el("tr", {},
      el("td", {}, el("strong", { text: c.serviceCode })), el("td", { text: categoryName(c.category) }), el("td", { text: String(c.joined) }),
      el("td", { text: minutes(c.averageWaitMinutes) }), el("td", { text: percent(c.shareOfWaitsAboveTarget) }))));
    const visits = report.visits;
    $("report-visits").textContent = t("admin.visitFacts", { visits: visits.visits, transferred: visits.transferred, minutes: minutes(visits.averageVisitMinutes), transferredMinutes: minutes(visits.averageTransferredVisitMinutes) });
    $("report-transfers").replaceChildren(...report.transfers.map(m => el("tr", {},
      el("td", { text: m.fromServiceCode }), el("td", { text: m.toServiceCode }), el("td", { text: String(m.transfers) }))));
    if (!report.transfers.length) $("report-transfers").replaceChildren(el("tr", {}, el("td", { colspan: 3, class: "muted", text: t("admin.noData") })));
    if (!report.categories.length) $("report-categories").replaceChildren(el("tr", {}, el("td", { colspan: 5, class: "muted", text: t("admin.noData") })));

    const hours = [...new Set(report.hours.map(h => h.hour))].sort((a, b) => a - b);
    const services = [...new Set(report.hours.map(h => h.serviceCode))];
    draw("wait", "chart-wait", hours.map(h => `${String(h).padStart(2, "0")}:00`), services.map(code => ({
      label: code,
      data: hours.map(hour => report.hours.find(h => h.hour === hour && h.serviceCode === code)?.averageWaitMinutes ?? null),
    })));
    draw("service", "chart-service", report.counters.map(c => counterName(c.counterId)), [{
      label: t("admin.avgService"), data: report.counters.map(c => c.averageServiceMinutes),
    }]);
    draw("noshow", "chart-noshow", report.services.map(s => s.serviceCode), [{
      label: t("admin.noShowRate"), data: report.services.map(s => (s.noShowRate == null ? null : s.noShowRate * 100)),
    }]);
    draw("transfers", "chart-transfers", report.transfers.map(m => `${m.fromServiceCode} → ${m.toServiceCode}`), [{
      label: t("admin.transferCount"), data: report.transfers.map(m => m.transfers),
    }]);
    const categories = [...new Set(report.categories.map(c => c.category))];
    const categoryServices = [...new Set(report.categories.map(c => c.serviceCode))];
    draw("category", "chart-category", categories.map(categoryName), categoryServices.map(code => ({
      label: code,
      data: categories.map(category => report.categories.find(c => c.category === category && c.serviceCode === code)?.averageWaitMinutes ?? null),
    })));
  }

  const counterName = id => state.counters.find(c => c.id === id)?.name ?? `#${id}`;

  function draw(key, canvasId, labels, datasets) {
    state.charts[key]?.destroy();
    state.charts[key] = new Chart($(canvasId), {
      type: "bar",
      data: { labels, datasets },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } }, plugins: { legend: { display: datasets.length > 1 } } },
    });
  }

  /** The same report as CSV, fetched with the token and saved as a file. */
  async function downloadCsv() {
    const result = await call(`/api/reports/daily?${reportQuery()}&format=csv`, { accept: "text/csv" });
    if (!result.ok) return say(problemText(result));
    const link = el("a", { href: URL.createObjectURL(new Blob([result.data], { type: "text/csv" })), download: `queue-report-${$("report-date").value}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-out").addEventListener("click", signOut);
    for (const tab of TABS) $(`tab-${tab}`).addEventListener("click", () => openTab(tab));
    $("service-form").addEventListener("submit", submitService);
    $("service-reset").addEventListener("click", () => editService(null));
    $("counter-form").addEventListener("submit", submitCounter);
    $("counter-reset").addEventListener("click", () => editCounter(null));
    $("staff-form").addEventListener("submit", submitStaff);
    $("categories-form").addEventListener("submit", submitCategories);
    $("category-add").addEventListener("click", () => {
      state.categories.push({ code: "", name: "", nameHi: "", level: "priority", selfDeclared: true });
      renderCategories();
      $("categories").querySelector("tr:last-child input")?.focus();
    });
    $("staff-reset").addEventListener("click", () => editStaff(null));
    $("kiosk-form").addEventListener("submit", registerKiosk);
    $("report-form").addEventListener("submit", showReport);
    $("report-csv").addEventListener("click", downloadCsv);
    editService(null);
    document.addEventListener("qms:language", () => { if (login.get()) enter(); });
    if (login.get()) enter(); else leave();
  });
})();
