/**
 * The CIFAR Lab's engine worker: owns TensorFlow.js and its backend, runs the CifarController on
 * messages from the page. Everything interesting is in controller.ts; this file only wires it
 * (common/worker/workerHost.ts). Events carry fresh arrays only (the controller copies what it
 * keeps), so transferring them is safe.
 */
import { startWorker } from '../../common/worker/workerHost';
import type { CifarEvent } from '../contract/protocol';
import { CifarController, type CifarHost } from './controller';

startWorker<CifarEvent, CifarHost>((host) => new CifarController(host), { fetch: (url) => fetch(url, { credentials: 'same-origin' }) });
