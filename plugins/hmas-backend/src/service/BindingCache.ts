import { LoggerService } from '@backstage/backend-plugin-api';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';

type Informer = ReturnType<KarmadaClient['resourceBindingInformer']>;

/**
 * Karmada's ResourceBindings kept in memory by a watch, so that a deployment's status costs no
 * request to Karmada while the watch is healthy. Until the first LIST completes, and after a
 * watch error until it has re-listed, `get` answers `undefined` and callers read Karmada.
 *
 * @internal
 */
export class BindingCache {
  private informer?: Informer;
  private synced = false;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly karmada: KarmadaClient,
    private readonly logger: LoggerService,
    private readonly retryMs = 5000,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    const informer = this.karmada.resourceBindingInformer();
    this.informer = informer;
    informer.on('error', (error: unknown) => {
      this.synced = false;
      if (this.stopped) return;
      this.logger.warn(
        `ResourceBinding watch failed, reading Karmada directly until it recovers: ${error}`,
      );
      this.retry = setTimeout(() => this.restart(), this.retryMs);
      this.retry.unref?.();
    });
    await this.restart();
  }

  private async restart() {
    if (!this.informer || this.stopped) return;
    try {
      await this.informer.start();
      this.synced = true;
    } catch (error) {
      this.synced = false;
      this.logger.warn(`ResourceBinding watch could not start: ${error}`);
      this.retry = setTimeout(() => this.restart(), this.retryMs);
      this.retry.unref?.();
    }
  }

  /**
   * The binding from memory: `{ binding }` (possibly undefined: it does not exist) when the
   * cache is synced, `undefined` when the caller must read Karmada.
   */
  get(namespace: string, name: string): { binding: any } | undefined {
    if (!this.synced || !this.informer) return undefined;
    return { binding: this.informer.get(name, namespace) };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.synced = false;
    if (this.retry) clearTimeout(this.retry);
    await this.informer?.stop();
  }
}
