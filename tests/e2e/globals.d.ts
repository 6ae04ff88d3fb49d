/** The bits of Chromium's extension API the browser tests call inside the service worker. */
declare const chrome: {
  tabs: {
    query(query: object): Promise<{ id?: number; url?: string }[]>;
    sendMessage(tabId: number, message: object, options?: { frameId?: number }): Promise<unknown>;
  };
  windows: { create(options: object): Promise<unknown> };
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
  storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
};
