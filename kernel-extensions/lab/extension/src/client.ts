import { Kernel } from '@jupyterlab/services';

/**
 * Requests to the kernel's `jfairing.panel` comm target; each answer comes back on the same comm. The kernel also
 * pushes a section that changed while a cell runs (`{request, pushed: true, data}`): `onPush` gets it.
 */
export class PanelClient {
  private readonly comm: Kernel.IComm;
  private readonly pending = new Map<number, (answer: any) => void>();
  private next = 1;
  onPush: ((answer: any) => void) | null = null;

  constructor(readonly kernel: Kernel.IKernelConnection) {
    this.comm = kernel.createComm('jfairing.panel');
    this.comm.onMsg = msg => {
      const data: any = msg.content.data;
      if (data.pushed) {
        this.onPush?.(data);
        return;
      }
      const resolve = this.pending.get(Number(data.id));
      if (resolve) {
        this.pending.delete(Number(data.id));
        resolve(data);
      }
    };
    this.comm.open({});
  }

  request(section: string, args: Record<string, unknown> = {}): Promise<any> {
    const id = this.next++;
    return new Promise(resolve => {
      this.pending.set(id, resolve);
      this.comm.send({ request: section, id, ...args } as any);
    });
  }

  /** Several sections in one message and one answer (one round trip): their answers, in the same order. */
  requestAll(sections: readonly string[]): Promise<any[]> {
    const id = this.next++;
    return new Promise(resolve => {
      this.pending.set(id, data => resolve(data.answers ?? sections.map(() => ({ error: String(data.error) }))));
      this.comm.send({ requests: sections.map(request => ({ request })), id } as any);
    });
  }

  dispose(): void {
    if (!this.comm.isDisposed) {
      this.comm.close();
    }
  }
}
