import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readElfDynamic, readElfSections, readModinfo } from './elf-file.js';
import { fakeKernelModule } from './testing/fake-module.js';

describe('ELF reading', () => {
  it("reads a module's .modinfo, keeping repeated keys", () => {
    const info = readModinfo(fakeKernelModule(['license=GPL', 'alias=pci:v1*', 'alias=pci:v2*', 'depends=a,b', 'bad']));
    expect(info.get('alias')).toEqual(['pci:v1*', 'pci:v2*']);
    expect(info.get('depends')).toEqual(['a,b']);
    expect(info.has('bad')).toBe(false);
  });

  it('lists the libraries and the loader of a dynamically linked program (the node running this test)', () => {
    const { needed, interpreter } = readElfDynamic(readFileSync(process.execPath));
    expect(needed).toContain('libc.so.6');
    expect(interpreter).toMatch(/ld-linux-x86-64\.so\.2$/);
  });

  it('says what is wrong with a file that is not a 64-bit ELF', () => {
    expect(() => readElfSections(Buffer.from('#!/bin/sh\n'.padEnd(80)), 'init')).toThrow('init is not an ELF file');
    const elf32 = fakeKernelModule([]);
    elf32[4] = 1;
    expect(() => readElfSections(elf32)).toThrow(/not a 64-bit/);
    expect(() => readModinfo(readFileSync(process.execPath), 'node')).toThrow(/no .modinfo/);
  });
});
