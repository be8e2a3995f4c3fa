import { main } from './app.js';

console.log(await main(process.argv[2]!));
