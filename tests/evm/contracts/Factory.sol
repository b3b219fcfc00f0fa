// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// A child deployed with CREATE2; its constructor takes arguments and may revert.
contract Vault {
    address public immutable owner;
    uint256 public limit;
    mapping(address => uint256) public deposits;

    error OverLimit(uint256 total, uint256 limit);

    event Deposited(address indexed from, uint256 amount);

    constructor(address owner_, uint256 limit_) payable {
        require(limit_ > 0, "limit must be positive");
        owner = owner_;
        limit = limit_;
    }

    function deposit(uint256 amount) external {
        uint256 total = deposits[msg.sender] + amount;
        if (total > limit) revert OverLimit(total, limit);
        deposits[msg.sender] = total;
        emit Deposited(msg.sender, amount);
    }

    function code() external view returns (bytes32 hash, uint256 size) {
        address self = address(this);
        assembly {
            hash := extcodehash(self)
            size := extcodesize(self)
        }
    }
}

/// Deploys vaults at CREATE2 addresses, predicts them, and calls into them.
contract VaultFactory {
    address[] public vaults;

    event Created(address indexed vault, bytes32 salt);

    function create(bytes32 salt, uint256 limit) external payable returns (address vault) {
        vault = address(new Vault{salt: salt, value: msg.value}(msg.sender, limit));
        vaults.push(vault);
        emit Created(vault, salt);
    }

    function createPlain(uint256 limit) external returns (address vault) {
        vault = address(new Vault(msg.sender, limit));
        vaults.push(vault);
    }

    function predict(bytes32 salt, address owner, uint256 limit) external view returns (address) {
        bytes32 initHash = keccak256(abi.encodePacked(type(Vault).creationCode, abi.encode(owner, limit)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initHash)))));
    }

    function depositTo(uint256 index, uint256 amount) external {
        Vault(vaults[index]).deposit(amount);
    }

    function count() external view returns (uint256) {
        return vaults.length;
    }
}
