/**
 * Calls `run` at once when it last ran `intervalMs` ago or longer; otherwise once at the end of that
 * interval, however many calls came meanwhile.
 */
export function throttle(run: () => void, intervalMs: number) {
  let last = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    last = Date.now();
    run();
  };
  return {
    call() {
      if (timer) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
