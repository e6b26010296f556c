// Test stand-ins for a phone's vibration, Web Audio and screen wake lock, recording what the
// page asks of them in window.__cues, and a way to hide and show the page as a lock does.
window.__cues = { vibrations: [], tones: [], wakeLocks: 0, wakeLockReleases: 0 };
Object.defineProperty(navigator, "vibrate", {
  configurable: true,
  value: (pattern) => { window.__cues.vibrations.push(pattern); return true; },
});
window.AudioContext = class {
  constructor() { this.currentTime = 0; this.state = "running"; this.destination = {}; }
  createOscillator() {
    return {
      frequency: { value: 0 },
      connect() {},
      start() { window.__cues.tones.push(this.frequency.value); },
      stop() {},
    };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} };
  }
  resume() { return Promise.resolve(); }
};
const sentinels = [];
Object.defineProperty(navigator, "wakeLock", {
  configurable: true,
  value: {
    request: async (type) => {
      window.__cues.wakeLocks += 1;
      const sentinel = new EventTarget();
      sentinel.type = type;
      sentinel.released = false;
      sentinel.release = async () => {
        if (sentinel.released) return;
        sentinel.released = true;
        window.__cues.wakeLockReleases += 1;
        sentinel.dispatchEvent(new Event("release"));
      };
      sentinels.push(sentinel);
      return sentinel;
    },
  },
});
let visibility = "visible";
Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
Object.defineProperty(document, "hidden", {
  configurable: true,
  get: () => visibility !== "visible",
});
// As a phone does when it locks: the page is hidden and the browser drops its wake lock.
window.__setVisibility = (state) => {
  visibility = state;
  if (state === "hidden") {
    sentinels.filter((s) => !s.released).forEach((s) => {
      s.released = true;
      s.dispatchEvent(new Event("release"));
    });
  }
  document.dispatchEvent(new Event("visibilitychange"));
};
