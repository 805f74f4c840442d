import { RAW_PROCESSORS, UnknownProcessorError } from '@lib/quality';
import { qualifiedName } from '@lib/warehouse';
import { RawProcessors } from './raw-processors';

describe('RawProcessors', () => {
  const processors = new RawProcessors();

  it('implements every declared processor, loading the declared table, and nothing undeclared', () => {
    for (const declaration of RAW_PROCESSORS) {
      const processor = processors.forScraper(declaration.scraper);
      expect({ name: processor.name, table: qualifiedName(processor.table) }).toEqual({ name: declaration.name, table: declaration.table });
    }
    expect(processors.all().map((processor) => processor.name).sort()).toEqual(RAW_PROCESSORS.map((declaration) => declaration.name).sort());
  });

  it('names a scraper no processor is declared for', () => {
    expect(() => processors.forScraper('nbac_rosters_v9')).toThrow(new UnknownProcessorError('nbac_rosters_v9'));
  });
});
