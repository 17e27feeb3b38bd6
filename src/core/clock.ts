/** Time, for everything that waits: tests pass a clock that only moves when the code sleeps. */
export interface Clock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};
