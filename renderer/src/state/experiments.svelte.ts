/** The sidebar's list: live experiments or the trash, filtered by a search. */
import type { LabApi } from '../api/connect';
import type { ExperimentSummary } from '../api/types';

export class ExperimentList {
  readonly #api: LabApi;
  #items = $state.raw<ExperimentSummary[]>([]);
  #total = $state(0);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  search = $state('');
  showTrash = $state(false);
  #requestNo = 0;

  constructor(api: LabApi) {
    this.#api = api;
  }

  get items(): ExperimentSummary[] {
    return this.#items;
  }
  get total(): number {
    return this.#total;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): string | null {
    return this.#error;
  }

  async refresh(): Promise<void> {
    const requestNo = ++this.#requestNo;
    try {
      const search = this.search.trim();
      const result = await this.#api.listExperiments({ ...(search ? { search } : {}), trash: this.showTrash, limit: 500 });
      if (requestNo !== this.#requestNo) return;
      this.#items = result.experiments;
      this.#total = result.total;
      this.#error = null;
      this.#loaded = true;
    } catch (e) {
      if (requestNo === this.#requestNo) this.#error = e instanceof Error ? e.message : String(e);
    }
  }
}
