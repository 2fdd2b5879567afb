// A progress bar on stderr: redrawn in place on a terminal, one line per tenth in a log (CI, pipes).
export interface ProgressBar {
  tick(): void;
  done(): void;
}

export function progressBar(label: string, total: number, stream = process.stderr): ProgressBar {
  const width = 30;
  const started = performance.now();
  let count = 0;
  let lastTenth = 0;
  const line = () => {
    const filled = total === 0 ? width : Math.round((count / total) * width);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return `${label.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total} ${seconds} s`;
  };
  return {
    tick() {
      count += 1;
      if (stream.isTTY) stream.write(`\r${line()}`);
      else if (Math.floor((count / total) * 10) > lastTenth) {
        lastTenth = Math.floor((count / total) * 10);
        stream.write(`${line()}\n`);
      }
    },
    done() {
      if (stream.isTTY) stream.write(`\r${line()}\n`);
    },
  };
}
