// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// A small ray tracer in fixed point (1e6 = 1.0), written for the benchmark in the spirit of
/// evm-bench's "snailtracer": spheres on a ground plane, one light, Lambert shading, hard shadows and
/// one bounce of reflection. Integer square roots and checked arithmetic make it compute-heavy.
contract RayTracer {
    int256 private constant ONE = 1e6;

    struct Vec {
        int256 x;
        int256 y;
        int256 z;
    }

    struct Sphere {
        Vec center;
        int256 radius;
        Vec color;
        int256 reflect; // fraction of light reflected, fixed point
    }

    function render(uint256 width, uint256 height) external pure returns (bytes32 digest, uint256 brightness) {
        (Sphere[] memory scene, Vec memory light) = makeScene();
        bytes memory image = new bytes(width * height * 3);
        for (uint256 k = 0; k < width * height; k++) {
            brightness += shadePixel(scene, light, image, k, width, height);
        }
        digest = keccak256(image);
    }

    function makeScene() private pure returns (Sphere[] memory scene, Vec memory light) {
        scene = new Sphere[](4);
        scene[0] = Sphere(Vec(0, -1_000_500_000, -3 * ONE), 1_000 * ONE, Vec(ONE, ONE, ONE), 0);
        scene[1] = Sphere(Vec(0, 0, -3 * ONE), ONE / 2, Vec(ONE, ONE / 5, ONE / 5), ONE / 4);
        scene[2] = Sphere(Vec(ONE, 0, -4 * ONE), ONE / 2, Vec(ONE / 5, ONE, ONE / 5), ONE / 2);
        scene[3] = Sphere(Vec(-ONE, 0, -4 * ONE), ONE / 2, Vec(ONE / 5, ONE / 5, ONE), 0);
        light = normalize(Vec(-ONE, ONE, ONE / 2));
    }

    /// Traces pixel k (row-major), writes its RGB bytes and returns its brightness.
    function shadePixel(Sphere[] memory scene, Vec memory light, bytes memory image, uint256 k, uint256 width, uint256 height)
        private
        pure
        returns (uint256)
    {
        Vec memory c = trace(scene, light, Vec(0, 0, 0), cameraRay(k % width, k / width, width, height), 2);
        image[3 * k] = toByte(c.x);
        image[3 * k + 1] = toByte(c.y);
        image[3 * k + 2] = toByte(c.z);
        return uint256(c.x + c.y + c.z);
    }

    /// Camera at the origin looking down -z, a 90-degree field of view.
    function cameraRay(uint256 i, uint256 j, uint256 width, uint256 height) private pure returns (Vec memory) {
        int256 u = ((2 * int256(i) + 1) * ONE) / int256(width) - ONE;
        int256 v = ONE - ((2 * int256(j) + 1) * ONE) / int256(height);
        return normalize(Vec((u * int256(width)) / int256(height), v, -ONE));
    }

    function trace(Sphere[] memory scene, Vec memory light, Vec memory origin, Vec memory dir, uint256 depth)
        private
        pure
        returns (Vec memory color)
    {
        (uint256 hit, int256 t) = nearest(scene, origin, dir);
        if (t == 0) return sky(dir);
        Vec memory point = add(origin, scale(dir, t));
        Vec memory normal = normalize(sub(point, scene[hit].center));
        color = scale(scene[hit].color, lighting(scene, light, point, normal));
        int256 r = scene[hit].reflect;
        if (depth > 0 && r > 0) {
            Vec memory bounce = trace(scene, light, nudge(point, normal), mirror(dir, normal), depth - 1);
            color = add(scale(color, ONE - r), scale(bounce, r));
        }
    }

    /// Ambient plus Lambert, dimmed when something lies between the point and the light.
    function lighting(Sphere[] memory scene, Vec memory light, Vec memory point, Vec memory normal)
        private
        pure
        returns (int256)
    {
        int256 lambert = dot(normal, light);
        if (lambert < 0) lambert = 0;
        (, int256 blocked) = nearest(scene, nudge(point, normal), light);
        if (blocked != 0) lambert = lambert / 4;
        return ONE / 10 + (lambert * 9) / 10;
    }

    function sky(Vec memory dir) private pure returns (Vec memory) {
        int256 k = (dir.y + ONE) / 2;
        return Vec(ONE - k / 2, ONE - k / 3, ONE);
    }

    /// A point moved slightly off the surface, so secondary rays do not hit it again.
    function nudge(Vec memory point, Vec memory normal) private pure returns (Vec memory) {
        return add(point, scale(normal, ONE / 1000));
    }

    function mirror(Vec memory dir, Vec memory normal) private pure returns (Vec memory) {
        return normalize(sub(dir, scale(normal, 2 * dot(dir, normal))));
    }

    /// The closest sphere hit along the ray and the distance to it (0 when nothing is hit).
    function nearest(Sphere[] memory scene, Vec memory origin, Vec memory dir) private pure returns (uint256 hit, int256 best) {
        for (uint256 k = 0; k < scene.length; k++) {
            Vec memory oc = sub(origin, scene[k].center);
            int256 b = dot(oc, dir);
            int256 c = dot(oc, oc) - (scene[k].radius * scene[k].radius) / ONE;
            int256 disc = (b * b) / ONE - c;
            if (disc <= 0) continue;
            int256 root = sqrt(disc * ONE);
            int256 t = -b - root;
            if (t <= ONE / 1000) t = -b + root;
            if (t > ONE / 1000 && (best == 0 || t < best)) {
                best = t;
                hit = k;
            }
        }
    }

    function add(Vec memory a, Vec memory b) private pure returns (Vec memory) {
        return Vec(a.x + b.x, a.y + b.y, a.z + b.z);
    }

    function sub(Vec memory a, Vec memory b) private pure returns (Vec memory) {
        return Vec(a.x - b.x, a.y - b.y, a.z - b.z);
    }

    function scale(Vec memory a, int256 k) private pure returns (Vec memory) {
        return Vec((a.x * k) / ONE, (a.y * k) / ONE, (a.z * k) / ONE);
    }

    function dot(Vec memory a, Vec memory b) private pure returns (int256) {
        return (a.x * b.x + a.y * b.y + a.z * b.z) / ONE;
    }

    function normalize(Vec memory a) private pure returns (Vec memory) {
        int256 length = sqrt(dot(a, a) * ONE);
        return Vec((a.x * ONE) / length, (a.y * ONE) / length, (a.z * ONE) / length);
    }

    /// Integer square root by Newton's method.
    function sqrt(int256 value) private pure returns (int256 root) {
        if (value <= 0) return 0;
        root = value;
        int256 next = (value + 1) / 2;
        while (next < root) {
            root = next;
            next = (value / next + next) / 2;
        }
    }

    function toByte(int256 channel) private pure returns (bytes1) {
        if (channel <= 0) return 0x00;
        if (channel >= ONE) return 0xff;
        return bytes1(uint8(uint256((channel * 255) / ONE)));
    }
}
