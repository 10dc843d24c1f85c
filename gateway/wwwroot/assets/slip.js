// The printed ticket of the reception desk and the kiosk, for 80 mm thermal printers: hospital and service,
// the number in large type, counter or "you will be told", people ahead, time, the QR code of the ticket's
// tracking page, every line in English and Hindi (whoever reads it, and whatever the page's language).
(() => {
  "use strict";
  const { el } = window.qms;

  /** Both languages' text of a key: English, then Hindi. */
  function both(key, values) {
    const texts = window.qmsTexts;
    const fill = text => text.replace(/\{(\w+)\}/g, (_, name) => String(values?.[name] ?? ""));
    return [el("span", { lang: "en", text: fill(texts.en[key]) }), el("span", { lang: "hi", class: "hi", text: fill(texts.hi[key]) })];
  }

  function tokenOf(ticket) {
    return ticket.trackingUrl ? ticket.trackingUrl.slice(ticket.trackingUrl.lastIndexOf("/") + 1) : null;
  }

  /** The number's size: as large as fits on one line of the 72 mm a thermal printer prints (bold digits are about 0.72 em wide). */
  const numberSize = queueId => `${Math.min(28, Math.floor(200 / (queueId.length * 0.72)))}pt`;

  /**
   * Fills #slip with the ticket and prints it once its QR code has loaded. `facility`: the hospital's name and time
   * zone (the time printed is the hospital's, whatever the printing computer's clock says); `services` and
   * `categories`: as /api/services and /api/categories list them, for their names.
   */
  async function printSlip(ticket, { facility, services, categories }) {
    const service = services.find(s => s.code === ticket.serviceCode)?.name || ticket.serviceCode;
    const category = categories.find(c => c.code === ticket.category);
    const when = new Date(ticket.joinedAt).toLocaleString("en-IN", {
      day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: facility.timeZone || undefined,
    });
    const number = el("p", { class: "slip-number", text: ticket.queueId });
    number.style.fontSize = numberSize(ticket.queueId);
    const token = tokenOf(ticket);
    const qr = token ? el("img", { class: "slip-qr", alt: ticket.trackingUrl, src: `/api/track/${encodeURIComponent(token)}/qr.svg` }) : null;
    const line = (key, value) => el("div", { class: "slip-line" }, el("span", { class: "slip-label" }, both(key)), el("strong", { text: value }));
    const slip = document.getElementById("slip");
    slip.replaceChildren(
      el("p", { class: "slip-facility", text: facility.name }),
      el("p", { class: "slip-service", text: service }),
      el("p", { class: "slip-caption" }, both("slip.number")),
      number,
      category ? el("p", { class: "slip-category", text: `${category.name} · ${category.nameHi}` }) : null,
      ticket.counterName ? line("slip.counter", ticket.counterName) : el("p", { class: "slip-line" }, both("slip.assigned")),
      ticket.status === "waiting" ? line("slip.ahead", String(ticket.aheadOfYou ?? 0)) : null,
      line("slip.time", when),
      qr,
      qr ? el("p", { class: "slip-scan" }, both("slip.scan")) : null,
      el("p", { class: "slip-wait" }, both("slip.wait")));
    slip.dataset.queueId = ticket.queueId;
    if (qr) await qr.decode().catch(() => {});
    window.print();
  }

  window.qms.printSlip = printSlip;
})();
