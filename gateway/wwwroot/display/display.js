// The hall's display: every counter and what it serves, the latest calls, and each call announced
// three times (chime, then speech where the browser has it), one announcement after another.
// Everything shown is set as text, never as markup. Query: ?service=OPD&lang=hi-IN&voice=<name>.
(() => {
  "use strict";
  const { t } = window.qms;
  const params = new URLSearchParams(location.search);
  const service = (params.get("service") || "").trim().toUpperCase();
  // The spoken language: ?lang= as given (a voice wants the full tag, hi-IN), else the pages' language.
  const language = params.get("lang") || (window.qms.language === "hi" ? "hi-IN" : "en-IN");
  const voiceName = params.get("voice");
  const hindi = language.toLowerCase().startsWith("hi");
  const counters = new Map();
  const flashUntil = new Map();
  const board = document.querySelector("#board tbody");
  const calls = document.getElementById("calls");
  const connection = document.getElementById("connection");
  const soundPanel = document.getElementById("sound");
  let audio = null;
  connection.textContent = t("display.connecting");

  if (service) {
    // After the shared texts are applied (they run first on DOMContentLoaded).
    document.addEventListener("DOMContentLoaded", () => {
      document.getElementById("title").textContent = `${t("display.title")} · ${service}`;
    });
  }

  // --- board -------------------------------------------------------------------------------
  function render() {
    const rows = [...counters.values()].sort((a, b) => a.counter_id - b.counter_id);
    board.replaceChildren(...rows.map(counter => {
      const row = document.createElement("tr");
      row.id = `counter-${counter.counter_id}`;
      row.className = `status-${counter.status || "available"}`;
      if ((flashUntil.get(counter.counter_id) || 0) > Date.now()) {
        row.classList.add("flash");
      }
      const serving = counter.serving_patient;
      const cells = [
        counter.counter_name || `Counter ${counter.counter_id}`,
        counter.status === "break" || counter.status === "closed" ? t(`status.${counter.status}`) : (serving ? serving.queue_id : "—"),
        serving && counter.status !== "break" ? serving.patient_name : "",
        String(counter.queue_length ?? 0),
      ];
      cells.forEach((text, index) => {
        const cell = document.createElement("td");
        cell.textContent = text;
        cell.className = ["counter", "serving", "name", "waiting"][index];
        row.appendChild(cell);
      });
      return row;
    }));
  }

  function flash(counterId) {
    flashUntil.set(counterId, Date.now() + 6000);
    render();
  }

  function addCall(call) {
    const item = document.createElement("li");
    const id = document.createElement("span");
    id.className = "id";
    id.textContent = call.queue_id;
    const where = document.createElement("span");
    where.textContent = `${call.patient_name ? call.patient_name + " · " : ""}${call.counter_name}`;
    item.append(id, where);
    calls.prepend(item);
    while (calls.children.length > 6) {
      calls.lastElementChild.remove();
    }
  }

  const handlers = {
    initial_data(message) {
      counters.clear();
      for (const counter of message.counters) {
        counters.set(counter.counter_id, counter);
      }
      render();
    },
    queue_update(message) {
      nameIfUnknown(message.counter_id);
      const counter = counters.get(message.counter_id) || { counter_id: message.counter_id };
      counters.set(message.counter_id, { ...counter, serving_patient: message.serving_patient, queue_length: message.queue_length });
      render();
    },
    counter_status_update(message) {
      nameIfUnknown(message.counter_id);
      const counter = counters.get(message.counter_id) || { counter_id: message.counter_id };
      counters.set(message.counter_id, { ...counter, status: message.status });
      render();
    },
    patient_called(message) {
      const counter = counters.get(message.counter_id);
      if (counter) {
        counter.counter_name = message.counter_name;
      }
      addCall(message);
      flash(message.counter_id);
      announce(message);
    },
  };

  // --- connection, with a visible state and reconnection --------------------------------------
  let retry = 0;
  let refreshing = false;

  /**
   * A counter the board has no name for (added since it connected) gets one from a fresh initial_data,
   * read over a second, short connection while this one keeps every event; tried again on its next update.
   */
  function nameIfUnknown(counterId) {
    if (counters.get(counterId)?.counter_name || refreshing) {
      return;
    }
    refreshing = true;
    setTimeout(() => {
      const names = new WebSocket(socketUrl());
      names.onmessage = event => {
        const message = JSON.parse(event.data);
        if (message.type === "initial_data") {
          for (const fresh of message.counters) {
            const known = counters.get(fresh.counter_id);
            if (known && !known.counter_name) {
              counters.set(fresh.counter_id, { ...known, counter_name: fresh.counter_name, service: fresh.service });
            }
          }
          render();
          names.close();
        }
      };
      names.onclose = () => { refreshing = false; };
    }, 1000);
  }

  function socketUrl() {
    const url = new URL("/ws/queue/updates/", location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    if (service) {
      url.searchParams.set("service", service);
    }
    return url;
  }

  function connect() {
    const socket = new WebSocket(socketUrl());
    socket.onopen = () => {
      retry = 0;
      connection.textContent = t("connection.live");
      connection.classList.add("live");
    };
    socket.onmessage = event => {
      const message = JSON.parse(event.data);
      handlers[message.type]?.(message);
    };
    socket.onclose = () => {
      connection.classList.remove("live");
      const wait = Math.min(30, 2 ** retry++);
      connection.textContent = t("display.reconnectingIn", { seconds: wait });
      setTimeout(connect, wait * 1000);
    };
  }

  // --- announcements: chime, then the words; queued, so one never cuts another ----------------
  const pending = [];
  let speaking = false;

  function spoken(queueId) {
    // "OPD_001_4821" → "O P D, 0 0 1, 4 8 2 1": letters and digits one by one, groups apart.
    return queueId.split("_").map(part => part.split("").join(" ")).join(", ");
  }

  function announce(call) {
    const words = hindi
      ? `टोकन ${spoken(call.queue_id)}, कृपया ${call.counter_name} पर जाएं।`
      : `Token ${spoken(call.queue_id)}, please go to ${call.counter_name}.`;
    for (let time = 0; time < 3; time++) {
      pending.push(words);
    }
    next();
  }

  function next() {
    if (speaking || pending.length === 0 || !audio) {
      return;
    }
    speaking = true;
    const words = pending.shift();
    chime().then(() => say(words)).finally(() => {
      speaking = false;
      setTimeout(next, 400);
    });
  }

  function chime() {
    return new Promise(resolve => {
      const now = audio.currentTime;
      [880, 660].forEach((frequency, index) => {
        const tone = audio.createOscillator();
        const volume = audio.createGain();
        tone.frequency.value = frequency;
        volume.gain.setValueAtTime(0.0001, now + index * 0.35);
        volume.gain.exponentialRampToValueAtTime(0.4, now + index * 0.35 + 0.02);
        volume.gain.exponentialRampToValueAtTime(0.0001, now + index * 0.35 + 0.3);
        tone.connect(volume).connect(audio.destination);
        tone.start(now + index * 0.35);
        tone.stop(now + index * 0.35 + 0.32);
      });
      setTimeout(resolve, 750);
    });
  }

  function say(words) {
    // A TV browser without speech gets the chime and the flashing row.
    if (!("speechSynthesis" in window)) {
      return new Promise(resolve => setTimeout(resolve, 1500));
    }
    return new Promise(resolve => {
      const utterance = new SpeechSynthesisUtterance(words);
      utterance.lang = language;
      const voice = speechSynthesis.getVoices().find(v => v.name === voiceName)
        || speechSynthesis.getVoices().find(v => v.lang.toLowerCase().startsWith(language.toLowerCase().slice(0, 2)));
      if (voice) {
        utterance.voice = voice;
      }
      utterance.onend = utterance.onerror = () => resolve();
      speechSynthesis.speak(utterance);
      setTimeout(resolve, 15000); // never stall the queue on a silent engine
    });
  }

  document.getElementById("enable-sound").addEventListener("click", () => {
    audio = new (window.AudioContext || window.webkitAudioContext)();
    soundPanel.classList.add("hidden");
    next();
  });

  window.queueDisplay = { pendingAnnouncements: () => pending.length, isSpeaking: () => speaking };
  connect();
})();
