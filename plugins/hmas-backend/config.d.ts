export interface Config {
  /** Configuration of the H-MAS plugins. */
  hmas?: {
    /** How H-MAS reaches Karmada, the source of truth for clusters, policies and workloads. */
    karmada?: {
      /**
       * `embedded` starts the Karmada simulator in-process (development and tests only);
       * `remote` talks to the Karmada API server at `url`. Default: `remote`.
       * @visibility frontend
       */
      mode?: 'embedded' | 'remote';
      /** URL of the Karmada API server (mode `remote`). */
      url?: string;
      /**
       * Bearer token for the Karmada API server (mode `remote`).
       * @visibility secret
       */
      token?: string;
    };
  };
}
