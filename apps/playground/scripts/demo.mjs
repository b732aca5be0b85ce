// Placeholder until the playground lands: the README's demo command builds and runs this.
console.log('actlab playground: not built yet');
