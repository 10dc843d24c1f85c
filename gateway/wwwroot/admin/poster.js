// A printable poster for one service (?service=OPD): its name, the QR code of the patient app with
// that service chosen, the same link as text, and the steps in English and Hindi.
(() => {
  "use strict";
  const code = (new URLSearchParams(location.search).get("service") || "").trim().toUpperCase();

  document.addEventListener("DOMContentLoaded", async () => {
    const { api } = window.qms;
    document.getElementById("print").addEventListener("click", () => window.print());
    const [services, link] = await Promise.all([api("/api/services"), api(`/posters/${encodeURIComponent(code)}/link`)]);
    const service = services.ok ? services.data.find(s => s.code === code) : null;
    document.getElementById("service-name").textContent = service ? service.name : code;
    document.title = `${service ? service.name : code} – QR poster`;
    if (!link.ok) return;
    const qr = document.getElementById("qr");
    qr.src = `/posters/${encodeURIComponent(code)}/qr.svg`;
    qr.alt = `QR code: ${link.data.url}`;
    document.getElementById("link").textContent = link.data.url;
  });
})();
