/** The bits of Chromium's extension API the browser tests call inside the service worker. */
declare const chrome: {
  tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
  windows: { create(options: object): Promise<unknown> };
};
