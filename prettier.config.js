// Prettier (npm run format, format:check): Prettier's defaults, which the code's quotes, semicolons
// and trailing commas already follow, at the 120 columns the team's lines keep to.
// What it leaves alone is in .prettierignore.
module.exports = { printWidth: 120 };
