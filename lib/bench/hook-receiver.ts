import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The benchmark webhook's endpoint, in a process of its own as an integrator's server would be: in
 * the measuring process it held up autocannon's event loop with every batch of deliveries, and
 * counted that time against the app's requests. Answers 200 to every delivery; tells its parent
 * its port, and the number of deliveries when asked.
 */
let received = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.end('ok');
  });
});
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', () => process.send!({ received }));
process.on('disconnect', () => process.exit(0));
