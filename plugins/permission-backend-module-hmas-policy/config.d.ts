export interface Config {
  hmas?: {
    permissions?: {
      /**
       * Entity refs whose members administer H-MAS (clusters, policies, presets, every
       * deployment). Default `['group:default/platform-team']`.
       */
      adminRefs?: string[];
    };
  };
}
