// Guided timer for a practice session. The page works without it (the patient just logs
// pain and presses Done); with JavaScript, this counts each hold down from the clock, keeps
// the screen on, calls out side switches with a tone or a buzz, and moves focus to "pain
// after" when the session is over. Every word it shows comes from the page (translated there).
import { positionAt, Stopwatch } from "./timer-clock.js";

const RELAX_SECONDS = 3;
const REDRAW_MS = 250; // only redraws: the time itself is read from the clock
const SOUND_KEY = "sthira.timer.sound";

// Numbers as the page's language writes them.
const number = new Intl.NumberFormat(document.documentElement.lang || undefined);

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => number.format(values[name]));
}

function buildPhases({ hold, sets, reps, isPoint, sides }, text) {
  const phases = [];
  if (isPoint) {
    sides.forEach((side) =>
      phases.push({ label: side ? text[`press_${side}`] : text.press, seconds: hold, side }),
    );
    return phases;
  }
  for (let set = 1; set <= sets; set += 1) {
    sides.forEach((side) => {
      for (let rep = 1; rep <= reps; rep += 1) {
        const step = fill(text.step, { set, sets, rep, reps });
        phases.push({ label: side ? text[`hold_${side}`] : text.hold, seconds: hold, side, step });
        if (rep < reps) phases.push({ label: text.relax, seconds: RELAX_SECONDS, side, step });
      }
    });
  }
  return phases;
}

// The screen wake lock, where the browser offers it. The browser drops it whenever the page
// is hidden (a locked phone), so the timer asks again when the page is visible.
function screenLock(stillWanted) {
  let sentinel = null;
  let asking = false;
  return {
    async acquire() {
      if (sentinel || asking || !navigator.wakeLock || !stillWanted()) return;
      asking = true;
      try {
        const granted = await navigator.wakeLock.request("screen");
        granted.addEventListener("release", () => {
          if (sentinel === granted) sentinel = null;
        });
        sentinel = granted;
        if (!stillWanted()) this.release(); // paused while the request was pending
      } catch (error) {
        sentinel = null; // not allowed here (battery saver, no focus): the timer still works
      } finally {
        asking = false;
      }
    },
    release() {
      if (sentinel) sentinel.release();
      sentinel = null;
    },
  };
}

// A short tone (Web Audio) and a buzz (vibration), each where the phone allows. Sound can be
// turned off; the choice is remembered on the phone.
function cues(soundSwitch) {
  const AudioContext = window.AudioContext || window.webkitAudioContext;
  let audio = null;

  const remembered = () => {
    try {
      return window.localStorage.getItem(SOUND_KEY);
    } catch (error) {
      return null;
    }
  };
  const remember = (value) => {
    try {
      window.localStorage.setItem(SOUND_KEY, value);
    } catch (error) {
      // private mode: the choice lasts for this page only
    }
  };

  if (AudioContext) {
    soundSwitch.closest("[data-timer=sound-control]").hidden = false;
    soundSwitch.checked = remembered() !== "off";
    soundSwitch.addEventListener("change", () => remember(soundSwitch.checked ? "on" : "off"));
  }

  function beep(frequency, seconds, delay = 0) {
    const at = audio.currentTime + delay;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.3, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + seconds);
    oscillator.connect(gain);
    gain.connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + seconds);
  }

  function play(tones, pattern) {
    if (navigator.vibrate) navigator.vibrate(pattern);
    if (!audio || !soundSwitch.checked) return;
    if (audio.state === "suspended") audio.resume();
    tones.forEach(([frequency, seconds, delay]) => beep(frequency, seconds, delay));
  }

  return {
    // Browsers let a page make sound only after a tap: the Start button is that tap.
    unlock() {
      if (AudioContext && !audio) audio = new AudioContext();
      if (audio && audio.state === "suspended") audio.resume();
    },
    switchSides: () => play([[660, 0.25, 0]], 200),
    done: () =>
      play(
        [
          [660, 0.2, 0],
          [880, 0.4, 0.25],
        ],
        [200, 100, 200],
      ),
  };
}

function setUp(timer) {
  const el = (name) => timer.querySelector(`[data-timer="${name}"]`);
  const text = JSON.parse(el("text").textContent);
  const phaseText = el("phase");
  const clock = el("clock");
  const stepText = el("step");
  const startButton = el("start");
  const pauseButton = el("pause");
  const isPoint = timer.dataset.kind === "acupressure";
  const phases = buildPhases(
    {
      hold: Number(timer.dataset.hold),
      sets: Number(timer.dataset.sets),
      reps: Number(timer.dataset.reps),
      isPoint,
      sides: { both: ["left", "right"], left: ["left"], right: ["right"] }[timer.dataset.side] || [
        null,
      ],
    },
    text,
  );

  const stopwatch = new Stopwatch();
  const wakeLock = screenLock(() => stopwatch.running);
  const cue = cues(el("sound"));
  let redraw = null;
  let shownIndex = -1; // the phase on screen; -1 before the first draw after a (re)start

  function showPhase(phase) {
    phaseText.textContent = phase.label;
    stepText.textContent = phase.step || (isPoint ? text.point_step : "");
  }

  function draw() {
    const position = positionAt(phases, stopwatch.elapsed());
    if (position.done) {
      finish();
      return;
    }
    clock.textContent = number.format(position.remaining);
    if (position.index === shownIndex) return;
    const previous = phases[shownIndex];
    const phase = phases[position.index];
    shownIndex = position.index;
    showPhase(phase);
    if (previous && phase.side && phase.side !== previous.side) {
      phaseText.textContent = text[`switch_${phase.side}`];
      cue.switchSides();
    }
  }

  function stopRedrawing() {
    window.clearInterval(redraw);
    redraw = null;
    wakeLock.release();
  }

  function run() {
    stopwatch.start();
    shownIndex = -1;
    redraw = window.setInterval(draw, REDRAW_MS);
    pauseButton.hidden = false;
    pauseButton.textContent = text.pause;
    startButton.hidden = true;
    draw();
    wakeLock.acquire();
  }

  function finish() {
    stopwatch.pause();
    stopRedrawing();
    phaseText.textContent = text.done;
    clock.textContent = "✓";
    stepText.textContent = "";
    startButton.textContent = text.start_again;
    startButton.hidden = false;
    pauseButton.hidden = true;
    cue.done();
    const painAfter = document.querySelector('input[name="pain_after"]');
    if (painAfter) painAfter.focus();
  }

  startButton.addEventListener("click", () => {
    cue.unlock();
    stopwatch.reset();
    run();
  });

  pauseButton.addEventListener("click", () => {
    if (stopwatch.running) {
      stopwatch.pause();
      stopRedrawing();
      pauseButton.textContent = text.resume;
      phaseText.textContent = text.paused;
    } else {
      run();
    }
  });

  // Back from a locked screen or another app: catch up with the clock at once, and ask for
  // the wake lock again (the browser released it when the page was hidden).
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible" || !stopwatch.running) return;
    draw();
    wakeLock.acquire();
  });

  timer.hidden = false;
  showPhase(phases[0]);
  phaseText.textContent = text.ready;
}

const guidedTimer = document.getElementById("guided-timer");
if (guidedTimer) setUp(guidedTimer);
