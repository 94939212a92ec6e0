/**
 * The Toy Lab's engine worker: owns TensorFlow.js and its backend, and runs the ToyController on
 * messages from the page. Everything interesting is in controller.ts; this file only wires it
 * (common/worker/workerHost.ts). The run's numerics (the log-softmax gradient form) are run
 * settings, applied by the controller.
 */
import { startWorker } from '../../common/worker/workerHost';
import type { WorkerEvent } from '../contract/protocol';
import { ToyController, type ControllerHost } from './controller';

startWorker<WorkerEvent, ControllerHost>((host) => new ToyController(host));
