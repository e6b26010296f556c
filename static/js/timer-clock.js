// The guided timer's arithmetic, kept apart from the page so it is easy to read and test.
//
// Time is read from the clock (Date.now()), never counted in ticks: a phone that locks or
// throttles the page fires few timer callbacks, but the clock keeps going, so a 90 s hold
// still lasts 90 s, and after a long gap the timer is simply further along.

// Where a session stands after `elapsedMs` of running: the phase being done and the whole
// seconds left in it, or done once every phase has had its time.
export function positionAt(phases, elapsedMs) {
  let left = Math.max(0, elapsedMs);
  for (let index = 0; index < phases.length; index += 1) {
    const length = phases[index].seconds * 1000;
    if (left < length) return { index, remaining: Math.ceil((length - left) / 1000), done: false };
    left -= length;
  }
  return { index: phases.length, remaining: 0, done: true };
}

// Running time that stands still while paused: the time banked before the last pause, plus
// the time since the last start.
export class Stopwatch {
  constructor(now = () => Date.now()) {
    this.now = now;
    this.banked = 0;
    this.startedAt = null;
  }

  get running() {
    return this.startedAt !== null;
  }

  elapsed() {
    return this.banked + (this.running ? this.now() - this.startedAt : 0);
  }

  start() {
    if (!this.running) this.startedAt = this.now();
  }

  pause() {
    this.banked = this.elapsed();
    this.startedAt = null;
  }

  reset() {
    this.banked = 0;
    this.startedAt = null;
  }
}
