#!/usr/bin/env node
// `npm run synth`: run the app the way cdktf.json does, without the cdktf CLI's start-up cost.
// Transpile-only, cached (tools/register.js): type-checking is `npm run typecheck`, once, not per synth.
require('./register');
require('../main.ts');
