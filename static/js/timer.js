// Guided timer for a practice session. The page works without it (the patient just logs
// pain and presses Done); with JavaScript, this counts each hold down, calls out side
// switches, and moves focus to "pain after" when the session is over.
(function () {
  "use strict";

  const timer = document.getElementById("guided-timer");
  if (!timer) return;

  const hold = Number(timer.dataset.hold);
  const sets = Number(timer.dataset.sets);
  const reps = Number(timer.dataset.reps);
  const isPoint = timer.dataset.kind === "acupressure";
  const sides = { both: ["left side", "right side"], left: ["left side"], right: ["right side"] }[
    timer.dataset.side
  ] || [null];
  const RELAX_SECONDS = 3;

  const el = (name) => timer.querySelector(`[data-timer="${name}"]`);
  const phaseText = el("phase");
  const clock = el("clock");
  const stepText = el("step");
  const startButton = el("start");
  const pauseButton = el("pause");

  function buildPhases() {
    const phases = [];
    if (isPoint) {
      sides.forEach((side) =>
        phases.push({ label: side ? `Press: ${side}` : "Press and circle", seconds: hold, side }),
      );
      return phases;
    }
    for (let set = 1; set <= sets; set += 1) {
      sides.forEach((side) => {
        for (let rep = 1; rep <= reps; rep += 1) {
          const step = `Set ${set} of ${sets} · repetition ${rep} of ${reps}`;
          phases.push({ label: side ? `Hold: ${side}` : "Hold", seconds: hold, side, step });
          if (rep < reps) phases.push({ label: "Relax", seconds: RELAX_SECONDS, side, step });
        }
      });
    }
    return phases;
  }

  const phases = buildPhases();
  let index = 0;
  let remaining = phases[0].seconds;
  let ticker = null;
  let wakeLock = null;

  function show() {
    const phase = phases[index];
    phaseText.textContent = phase.label;
    clock.textContent = String(remaining);
    stepText.textContent = phase.step || (isPoint ? "Small slow circles, breathe slowly" : "");
  }

  function announce(text) {
    phaseText.textContent = text;
    if (navigator.vibrate) navigator.vibrate(200);
  }

  function finish() {
    stop();
    phaseText.textContent = "Well done. How is your pain now?";
    clock.textContent = "✓";
    stepText.textContent = "";
    startButton.textContent = "Start again";
    pauseButton.hidden = true;
    const painAfter = document.querySelector('input[name="pain_after"]');
    if (painAfter) painAfter.focus();
  }

  function tick() {
    remaining -= 1;
    if (remaining > 0) {
      clock.textContent = String(remaining);
      return;
    }
    const previous = phases[index];
    index += 1;
    if (index >= phases.length) {
      finish();
      return;
    }
    remaining = phases[index].seconds;
    show();
    if (phases[index].side && phases[index].side !== previous.side) {
      announce(`Switch to the ${phases[index].side}`);
    }
  }

  async function keepScreenOn() {
    try {
      wakeLock = navigator.wakeLock ? await navigator.wakeLock.request("screen") : null;
    } catch (error) {
      wakeLock = null; // not allowed here: the timer still works
    }
  }

  function run() {
    ticker = window.setInterval(tick, 1000);
    pauseButton.hidden = false;
    pauseButton.textContent = "Pause";
    startButton.hidden = true;
    keepScreenOn();
  }

  function stop() {
    window.clearInterval(ticker);
    ticker = null;
    if (wakeLock) wakeLock.release();
    startButton.hidden = false;
  }

  startButton.addEventListener("click", () => {
    if (index >= phases.length) {
      index = 0;
      remaining = phases[0].seconds;
    }
    show();
    run();
  });

  pauseButton.addEventListener("click", () => {
    if (ticker) {
      stop();
      startButton.hidden = true;
      pauseButton.textContent = "Resume";
      phaseText.textContent = "Paused";
    } else {
      show();
      run();
    }
  });

  timer.hidden = false;
  show();
  phaseText.textContent = "Ready when you are";
})();
