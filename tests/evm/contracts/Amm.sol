// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// A minimal constant-product pair (x * y = k) with LP shares and a 0.3% fee, written for the tests.
contract Pair is ERC20 {
    IERC20 public immutable token0;
    IERC20 public immutable token1;
    uint112 private reserve0;
    uint112 private reserve1;

    error InsufficientLiquidity();
    error InsufficientOutput(uint256 wanted, uint256 available);
    error ZeroAmount();

    event Sync(uint112 reserve0, uint112 reserve1);
    event Swap(address indexed sender, uint256 amountIn, uint256 amountOut, bool zeroForOne);

    constructor(IERC20 a, IERC20 b) ERC20("Pair LP", "PLP") {
        token0 = a;
        token1 = b;
    }

    function getReserves() public view returns (uint112, uint112) {
        return (reserve0, reserve1);
    }

    function addLiquidity(uint256 amount0, uint256 amount1) external returns (uint256 shares) {
        if (amount0 == 0 || amount1 == 0) revert ZeroAmount();
        token0.transferFrom(msg.sender, address(this), amount0);
        token1.transferFrom(msg.sender, address(this), amount1);
        uint256 supply = totalSupply();
        shares = supply == 0
            ? sqrt(amount0 * amount1)
            : min((amount0 * supply) / reserve0, (amount1 * supply) / reserve1);
        if (shares == 0) revert InsufficientLiquidity();
        _mint(msg.sender, shares);
        _sync();
    }

    function removeLiquidity(uint256 shares) external returns (uint256 amount0, uint256 amount1) {
        uint256 supply = totalSupply();
        if (shares == 0 || supply == 0) revert ZeroAmount();
        amount0 = (shares * reserve0) / supply;
        amount1 = (shares * reserve1) / supply;
        _burn(msg.sender, shares);
        token0.transfer(msg.sender, amount0);
        token1.transfer(msg.sender, amount1);
        _sync();
    }

    function swap(uint256 amountIn, uint256 minOut, bool zeroForOne) external returns (uint256 amountOut) {
        if (amountIn == 0) revert ZeroAmount();
        (IERC20 tokenIn, IERC20 tokenOut, uint256 rIn, uint256 rOut) =
            zeroForOne ? (token0, token1, uint256(reserve0), uint256(reserve1)) : (token1, token0, uint256(reserve1), uint256(reserve0));
        if (rIn == 0 || rOut == 0) revert InsufficientLiquidity();
        tokenIn.transferFrom(msg.sender, address(this), amountIn);
        uint256 inWithFee = amountIn * 997;
        amountOut = (inWithFee * rOut) / (rIn * 1000 + inWithFee);
        if (amountOut < minOut) revert InsufficientOutput(minOut, amountOut);
        tokenOut.transfer(msg.sender, amountOut);
        emit Swap(msg.sender, amountIn, amountOut, zeroForOne);
        _sync();
    }

    function _sync() private {
        reserve0 = uint112(token0.balanceOf(address(this)));
        reserve1 = uint112(token1.balanceOf(address(this)));
        emit Sync(reserve0, reserve1);
    }

    function sqrt(uint256 y) private pure returns (uint256 z) {
        if (y > 3) {
            z = y;
            uint256 x = y / 2 + 1;
            while (x < z) {
                z = x;
                x = (y / x + x) / 2;
            }
        } else if (y != 0) {
            z = 1;
        }
    }

    function min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}

/// A plain mintable token for the pair's two sides.
contract PairToken is ERC20 {
    constructor(string memory name) ERC20(name, name) {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
