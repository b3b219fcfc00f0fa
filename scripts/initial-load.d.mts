export interface InitialLoadFile {
  file: string;
  sources: string[];
  bytes: number;
  gzip: number;
}
export declare function initialLoad(distDir?: string): {
  files: InitialLoadFile[];
  jsGzip: number;
  cssGzip: number;
};
