/**
 * Calls to a Worker answered by id: each request is posted with a new id and settles with the reply
 * that carries it. The window's side of the record worker and of the vault worker.
 */
type Pending<Reply> = { resolve: (reply: Reply) => void; reject: (error: Error) => void };

export class WorkerCalls<Request extends object, Reply extends { id: number }> {
  private readonly pending = new Map<number, Pending<Reply>>();
  private next = 1;

  constructor(
    private readonly worker: Worker,
    failed: (message: string) => Error,
  ) {
    worker.onmessage = ({ data }: MessageEvent<Reply>) => {
      const pending = this.pending.get(data.id);
      this.pending.delete(data.id);
      pending?.resolve(data);
    };
    // A worker that failed to load answers nothing: every waiting call is told so.
    worker.onerror = (event) => {
      for (const pending of this.pending.values()) pending.reject(failed(event.message));
      this.pending.clear();
    };
  }

  call(request: Request): Promise<Reply> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  terminate(): void {
    this.worker.terminate();
  }
}
