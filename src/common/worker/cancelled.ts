/** Thrown by an operation that noticed it was superseded (engineQueue.ts drops it silently). */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}
