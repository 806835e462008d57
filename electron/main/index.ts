import path from 'node:path';
import { startApp } from './startup';

// The bundle runs from <appRoot>/dist-electron/main.js, both from the project and inside app.asar.
startApp({ appRoot: path.resolve(import.meta.dirname, '..') });
