/**
 * The CIFAR Lab's engine worker: owns TensorFlow.js and its backend, runs the CifarController on
 * messages from the page. Everything interesting is in controller.ts; this file only wires it.
 */
import { describeDevice } from '../../common/worker/deviceInfo'; // one detector for both labs
import { browserSelectBackend, faultHost, now, poster, serve, sleep, yieldControl } from '../../common/worker/workerHost';
import { CifarController } from './controller';
import type { CifarEvent } from '../contract/protocol';

// Events carry fresh arrays only (the controller copies what it keeps), so transferring is safe.
const post = poster<CifarEvent>();

const controller = new CifarController({
  post,
  selectBackend: browserSelectBackend,
  ...faultHost,
  describeDevice,
  fetch: (url) => fetch(url, { credentials: 'same-origin' }),
  now,
  yieldControl,
  sleep,
});

serve((data) => controller.handle(data), (where, message) => post({ type: 'error', where, message }));
