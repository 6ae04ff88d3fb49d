// Does nothing: the control for what injecting any content script at document_idle costs a page.
