import { main } from './app.mjs';

console.log(JSON.stringify(await main(process.argv[2])));
