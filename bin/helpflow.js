#!/usr/bin/env node
// The helpflow command. The sources are TypeScript, run through tsx's loader so that a checkout
// works right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
