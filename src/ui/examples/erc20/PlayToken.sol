// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// An OpenZeppelin ERC-20, unchanged: it runs on the FEVM as on Ethereum.
/// Deploy it, then try transfer, approve and transferFrom between the genesis accounts
/// (addresses may be typed as 0x…, f410… or f0…).
contract PlayToken is ERC20, Ownable {
    constructor(uint256 initialSupply) ERC20("Play Token", "PLAY") Ownable(msg.sender) {
        _mint(msg.sender, initialSupply);
    }

    /// Only the owner mints.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
