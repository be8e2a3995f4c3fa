// Vitest global setup: one Prism mock for every test file that asks for it with inject('prismUrl').
import type { TestProject } from 'vitest/node';
import { startPrism } from '../../scripts/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism();
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}
