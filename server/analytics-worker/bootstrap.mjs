// Worker threads don't inherit the TypeScript loader of the thread that made them: register tsx
// here, then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
