/** The files a first visit starts with. */
export interface WorkspaceFile {
  path: string;
  content: string;
}

export const exampleWorkspace: WorkspaceFile[] = [
  {
    path: 'contracts/Counter.sol',
    content: `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A counter: the smallest contract that writes state.
contract Counter {
    uint256 public count;

    event Incremented(address indexed by, uint256 count);

    function increment() external {
        count += 1;
        emit Incremented(msg.sender, count);
    }
}
`,
  },
];
