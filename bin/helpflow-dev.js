#!/usr/bin/env node
// The helpflow command on the TypeScript sources, through tsx's loader, with no build: for
// working on helpflow (`npm run dev -- <command>`) and for the tests. Run this way, `serve`
// rebuilds the dashboard with Vite whenever web/ changed.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
