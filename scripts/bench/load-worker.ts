// Child process of the bench: a bounded autocannon load on one localhost URL, so the load generator does
// not share an event loop with the server it measures. Prints the autocannon result as JSON.
import autocannon from 'autocannon';

const [url, connections, seconds] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
if (!url || !new URL(url).hostname.match(/^(localhost|127\.0\.0\.1)$/)) throw new Error('the bench loads localhost only');

const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
process.stdout.write(JSON.stringify(result));
