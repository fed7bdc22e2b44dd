// Fuzzes every exports route of the route table through the local HTTP server (see support/fuzz-routes.ts).
import { fuzzRoutesOf } from './support/fuzz-routes';

fuzzRoutesOf('exports');
