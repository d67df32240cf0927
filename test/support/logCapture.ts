// Collects every log line the platform writes, so a test can prove what never appears in them.
import { Writable } from 'node:stream';

export function captureLogs(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}
