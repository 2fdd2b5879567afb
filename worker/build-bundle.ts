// Run by `npm run build`: bundles the workflows once into dist/workflow-bundle.js.
import { writeFile } from 'node:fs/promises';
import { bundleWorkflows, prebuiltBundlePath } from './workflow-bundle.js';

const { code } = await bundleWorkflows();
await writeFile(prebuiltBundlePath, code);
console.log(`workflow bundle: ${prebuiltBundlePath} (${Math.round(code.length / 1024)} KiB)`);
