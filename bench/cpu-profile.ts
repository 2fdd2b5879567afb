// `npm run bench -- --profile`: the worker runs under `node --cpu-prof`; when it exits each of its
// threads (the main one with the activities and the SDK, and the workflow threads) has written a
// .cpuprofile (open one in Chrome DevTools or speedscope for the flame graph). Summed up here by
// self time over all of them: the functions where the worker's own CPU goes.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** `name (file:line)`, the file relative to the project. */
  function: string;
  selfMs: number;
  /** Share of all sampled time of all threads, idle included. */
  percent: number;
}

/** The .cpuprofile files a profiled worker wrote into `dir`, one per thread. */
export async function workerProfilesIn(dir: string): Promise<string[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`the profiled worker wrote no .cpuprofile into ${dir}`);
  return files.sort().map((name) => join(dir, name));
}

export async function topSelfTime(files: string[], count: number, root: string): Promise<SelfTime[]> {
  const byFunction = new Map<string, number>();
  let totalUs = 0;
  for (const file of files) {
    const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
    const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    profile.samples.forEach((nodeId, i) => {
      const frame = frames.get(nodeId);
      const us = profile.timeDeltas[i] ?? 0;
      totalUs += us;
      if (!frame) return;
      const name = describe(frame, root);
      byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    });
  }
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({
      function: name,
      selfMs: Math.round(us / 100) / 10,
      percent: Math.round((us / Math.max(1, totalUs)) * 1000) / 10,
    }));
}

function describe(frame: ProfileNode['callFrame'], root: string): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const file = frame.url.startsWith('file://') ? relative(root, new URL(frame.url).pathname) : frame.url;
  return `${name} (${file}:${frame.lineNumber + 1})`;
}
