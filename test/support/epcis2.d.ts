// epcis2.js ships no types: the one function the tests use.
declare module 'epcis2.js' {
  const epcis: {
    /** `{ success: true }`, or throws naming the path that fails the EPCIS 2.0 schema. */
    validateEpcisDocument(document: unknown): { success: boolean; errors: unknown[] };
  };
  export default epcis;
}
