// Placeholder replaced by the diagram panel's front end.
export {};
